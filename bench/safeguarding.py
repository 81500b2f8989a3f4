"""Precision and recall of the client-confidentiality check on its labelled corpus, per kind and overall.

    .venv/bin/python bench/safeguarding.py            # the development corpus and the held-out set
    .venv/bin/python bench/safeguarding.py --misses   # also list every sentence the check got wrong

A sentence counts once per kind: a kind found in a sentence labelled with it is a true positive, found but not
labelled a false positive, labelled but not found a false negative. docs/safeguarding.md has the numbers.
"""

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practica.settings")

import django

django.setup()

from practica.core.safeguarding import KINDS, STRUCTURED_KINDS, find_identifying_details, kinds_found  # noqa: E402


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        labelled = self.true_positives + self.false_negatives
        return self.true_positives / labelled if labelled else 1.0

    def add(self, other: "Score") -> None:
        self.true_positives += other.true_positives
        self.false_positives += other.false_positives
        self.false_negatives += other.false_negatives


@dataclass
class Report:
    sentences: int
    with_details: int
    per_kind: dict[str, Score]
    structured: Score
    overall: Score
    misses: list[tuple[str, set[str], set[str]]] = field(default_factory=list)


def measure(corpus: list[tuple[str, set[str]]]) -> Report:
    per_kind = {kind: Score() for kind in KINDS}
    misses = []
    for text, expected in corpus:
        found = set(kinds_found(find_identifying_details(text)))
        for kind in KINDS:
            score = per_kind[kind]
            if kind in found and kind in expected:
                score.true_positives += 1
            elif kind in found:
                score.false_positives += 1
            elif kind in expected:
                score.false_negatives += 1
        if found != expected:
            misses.append((text, expected, found))
    structured, overall = Score(), Score()
    for kind, score in per_kind.items():
        overall.add(score)
        if kind in STRUCTURED_KINDS:
            structured.add(score)
    with_details = sum(1 for _text, expected in corpus if expected)
    return Report(len(corpus), with_details, per_kind, structured, overall, misses)


def table(report: Report) -> str:
    lines = [
        "| Kind | Labelled | Found correctly | False alarms | Missed | Precision | Recall |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = [*report.per_kind.items(), ("structured identifiers", report.structured), ("overall", report.overall)]
    for name, score in rows:
        labelled = score.true_positives + score.false_negatives
        lines.append(
            f"| {name} | {labelled} | {score.true_positives} | {score.false_positives} | {score.false_negatives} "
            f"| {score.precision:.3f} | {score.recall:.3f} |"
        )
    return "\n".join(lines)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "core"))
    from safeguarding_corpus import CORPUS, HELD_OUT

    for name, corpus in (("Development corpus", CORPUS), ("Held-out set", HELD_OUT)):
        report = measure(corpus)
        print(f"\n{name}: {report.sentences} sentences, {report.with_details} with identifying details\n")
        print(table(report))
        if "--misses" in sys.argv:
            for text, expected, found in report.misses:
                print(f"  expected {sorted(expected)} found {sorted(found)}: {text}")


if __name__ == "__main__":
    main()
