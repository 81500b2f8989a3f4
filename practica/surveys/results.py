"""Anonymous summaries of a survey's answers: distributions, means, the Net Promoter Score, free text (only from
MIN_GROUP answers up), and comparisons between communities (each shown only from MIN_GROUP responses up, with
complementary suppression so that no subtraction of shown figures gives a hidden group's answers).

One summary costs a fixed number of queries whatever the number of responses: every count and mean is an
aggregate computed by the database.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from practica.surveys.choices import LIKERT_LABELS, QuestionKind
from practica.surveys.models import Answer, Question, Response, Survey

# Fewer answers than this could point at a person: free text and per-community figures stay hidden below it.
MIN_GROUP = 5
SCORED_KINDS = (QuestionKind.LIKERT, QuestionKind.NPS)
PROTECTING = gettext_noop("Hidden so that smaller groups' answers cannot be worked out from the totals")


@dataclass
class Bar:
    label: str
    count: int
    share: float  # of the people who answered the question, 0..1


@dataclass
class QuestionSummary:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    nps: int | None = None
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    texts: list[str] = field(default_factory=list)
    texts_hidden: bool = False

    @property
    def kind(self) -> str:
        return self.question.kind


@dataclass
class CommunityRow:
    name: str
    responses: int
    shown: bool
    scores: list[str] = field(default_factory=list)  # one per scored question, formatted
    # Why a hidden community shows nothing: too few responses, or hidden to protect smaller groups.
    note: str = ""


@dataclass
class SurveySummary:
    survey: Survey
    questions: list[QuestionSummary]
    scored_questions: list[Question]
    communities: list[CommunityRow]

    @property
    def responses(self) -> int:
        return self.survey.response_count


def net_promoter_score(promoters: int, detractors: int, answered: int) -> int | None:
    """Percentage of promoters (9–10) minus percentage of detractors (0–6), from -100 to 100."""
    if not answered:
        return None
    return round(100 * (promoters - detractors) / answered)


def _labels(question: Question) -> list[tuple[int, str]]:
    if question.kind == QuestionKind.LIKERT:
        return [(score, f"{score} – {LIKERT_LABELS[score]}") for score in range(1, 6)]
    if question.kind == QuestionKind.NPS:
        return [(score, str(score)) for score in range(0, 11)]
    return list(enumerate(question.option_list()))


def summarise(survey: Survey) -> SurveySummary:
    """Everything the results page, its CSV and the board report show about one survey."""
    return summarise_many([survey])[0]


def summarise_many(surveys: list[Survey]) -> list[SurveySummary]:
    """The summaries of several surveys with the same handful of queries as one (the board report lists every
    survey of its period): each figure is grouped by question, and questions belong to one survey each."""
    if not surveys:
        return []
    survey_ids = [survey.pk for survey in surveys]
    by_survey: dict[int, list[Question]] = defaultdict(list)
    for question in Question.objects.filter(survey_id__in=survey_ids):
        by_survey[question.survey_id].append(question)
    questions = [question for survey_id in survey_ids for question in by_survey[survey_id]]
    answers = Answer.objects.filter(question__survey_id__in=survey_ids)
    answered = dict(answers.order_by().values_list("question_id").annotate(people=Count("response_id", distinct=True)))
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for question_id, number, count in (
        answers.filter(number__isnull=False).order_by().values_list("question_id", "number").annotate(n=Count("id"))
    ):
        counts[question_id][number] = count
    texts: dict[int, list[str]] = defaultdict(list)
    text_ids = [q.pk for q in questions if q.kind == QuestionKind.TEXT and answered.get(q.pk, 0) >= MIN_GROUP]
    if text_ids:
        # Ordered by the answers' random keys: the order says nothing about who answered first.
        for question_id, text in (
            answers.filter(question_id__in=text_ids).order_by("pk").values_list("question_id", "text")
        ):
            texts[question_id].append(text)
    scored = {survey.pk: [q for q in by_survey[survey.pk] if q.kind in SCORED_KINDS] for survey in surveys}
    communities = _communities(surveys, scored, answered)
    return [
        SurveySummary(
            survey=survey,
            questions=[_question_summary(q, answered, counts, texts) for q in by_survey[survey.pk]],
            scored_questions=scored[survey.pk],
            communities=communities.get(survey.pk, []),
        )
        for survey in surveys
    ]


def _question_summary(question: Question, answered: dict, counts: dict, texts: dict) -> QuestionSummary:
    people = answered.get(question.pk, 0)
    summary = QuestionSummary(question=question, answered=people)
    if question.kind == QuestionKind.TEXT:
        summary.texts = texts.get(question.pk, [])
        summary.texts_hidden = 0 < people < MIN_GROUP
        return summary
    by_number = counts.get(question.pk, {})
    summary.bars = [
        Bar(label=label, count=by_number.get(number, 0), share=(by_number.get(number, 0) / people) if people else 0)
        for number, label in _labels(question)
    ]
    if question.kind in SCORED_KINDS and people:
        total = sum(number * count for number, count in by_number.items())
        summary.mean = round(total / people, 1)
    if question.kind == QuestionKind.NPS:
        summary.promoters = sum(c for n, c in by_number.items() if n >= 9)
        summary.passives = sum(c for n, c in by_number.items() if 7 <= n <= 8)
        summary.detractors = sum(c for n, c in by_number.items() if n <= 6)
        summary.nps = net_promoter_score(summary.promoters, summary.detractors, people)
    return summary


def _communities(
    surveys: list[Survey], scored: dict[int, list[Question]], answered: dict[int, int]
) -> dict[int, list[CommunityRow]]:
    """Per survey, per community the respondents named: their number and each scored question's mean (or NPS).

    A community is shown only from MIN_GROUP responses, and a figure only from MIN_GROUP people who answered
    that question. Hiding the small groups is not enough on its own: the overall figures minus the shown
    groups' figures would give the hidden groups' answers. So suppression is complementary: whenever what is
    hidden adds up to fewer than MIN_GROUP people (one to four), the next-smallest shown group (or figure) is
    hidden too, until what cannot be seen covers at least MIN_GROUP people or nothing is shown."""
    asked = [survey.pk for survey in surveys if survey.ask_community]
    if not asked:
        return {}
    sizes: dict[int, list[tuple]] = defaultdict(list)
    for survey_id, community_id, name, n in (
        Response.objects.filter(survey_id__in=asked)
        .order_by()
        .values_list("survey_id", "community_id", "community__name")
        .annotate(n=Count("pk"))
    ):
        sizes[survey_id].append((community_id, name, n))
    scores: dict[tuple, dict] = {}
    all_scored = [question for survey_id in asked for question in scored[survey_id]]
    if sizes and all_scored:
        # Every group's figures, hidden ones included: complementary suppression needs their sizes. Questions
        # belong to one survey each, so (community, question) is a key across surveys.
        for community_id, question_id, mean, people, promoters, detractors in (
            Answer.objects.filter(question__in=all_scored)
            .order_by()
            .values_list("response__community_id", "question_id")
            .annotate(
                mean=Avg("number"),
                people=Count("response_id", distinct=True),
                promoters=Count("pk", filter=Q(number__gte=9)),
                detractors=Count("pk", filter=Q(number__lte=6)),
            )
        ):
            scores[(community_id, question_id)] = {
                "mean": mean,
                "people": people,
                "promoters": promoters,
                "detractors": detractors,
            }
    return {
        survey_id: _community_rows(groups, scored[survey_id], scores, answered) for survey_id, groups in sizes.items()
    }


def _community_rows(sizes: list[tuple], scored: list[Question], scores: dict, answered: dict) -> list[CommunityRow]:
    # Smallest first, so complementary suppression hides the least it can.
    by_size = sorted(sizes, key=lambda row: (row[2], row[1] or ""))
    shown_ids = _suppress({community_id: n for community_id, _name, n in by_size})
    # Per question, the same rule for each figure: who answered an optional question differs from who
    # responded, so a shown community may still have too few answers to one question.
    cells: dict[int, set] = {}
    for question in scored:
        groups = {
            community_id: scores.get((community_id, question.pk), {}).get("people", 0)
            for community_id, _name, _n in by_size
            if community_id in shown_ids
        }
        hidden_people = answered.get(question.pk, 0) - sum(groups.values())
        cells[question.pk] = _suppress(dict(sorted(groups.items(), key=lambda item: item[1])), hidden=hidden_people)
    rows = []
    for community_id, name, n in sorted(sizes, key=lambda row: (row[0] is None, row[1] or "")):
        label = name or _("Community not given")
        if community_id not in shown_ids:
            note = _("Too few responses to show") if n < MIN_GROUP else _(PROTECTING)
            rows.append(CommunityRow(name=label, responses=n, shown=False, note=note))
            continue
        row = CommunityRow(name=label, responses=n, shown=True)
        for question in scored:
            figures = scores.get((community_id, question.pk))
            if not figures:
                row.scores.append("–")
            elif community_id not in cells[question.pk]:
                row.scores.append(_("Too few answers"))
            elif question.kind == QuestionKind.NPS:
                nps = net_promoter_score(figures["promoters"], figures["detractors"], figures["people"])
                row.scores.append(_("NPS %(score)s") % {"score": f"{nps:+d}"})
            else:
                row.scores.append(f"{figures['mean']:.1f}")
        rows.append(row)
    return rows


def _suppress(groups: dict, *, hidden: int = 0) -> set:
    """The groups that may be shown, from {group: people} ordered smallest first, and `hidden`, the people
    already out of sight. Groups under MIN_GROUP are hidden; then, while the hidden people number one to
    MIN_GROUP - 1 (the overall figure minus the shown ones would give their answers), the smallest shown
    group is hidden as well. A group with nobody in it hides nothing, so it does not count."""
    shown = []
    for group, people in groups.items():
        if people >= MIN_GROUP:
            shown.append(group)
        else:
            hidden += people
    while shown and 0 < hidden < MIN_GROUP:
        smallest = shown.pop(0)
        hidden += groups[smallest]
    return set(shown)
