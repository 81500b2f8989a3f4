"""Survey results and the benefits record for a period, as plain data for the board report (insights).

These two functions are the surveys app's promise to the board report: the signatures stay as they are, the
dicts only ever gain keys. Nothing here names a member who answered a survey: results are the same anonymous
aggregates as the results page, with free text only from 5 answers up and communities only from 5 responses up.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from practica.surveys.choices import EvidenceKind, QuestionKind
from practica.surveys.models import Benefit, Survey
from practica.surveys.results import summarise_many


def survey_results_for_period(start: date, end: date) -> list[dict]:
    """Each published survey that closed within [start, end] (and is closed today), oldest first.

    Each dict: title, audience (label), opens_on, closes_on, responses, audience_size, response_rate (0..1 or
    None), questions (prompt, kind, kind_label, answered, mean, nps, distribution [{label, count, share}],
    texts (empty below 5 answers), texts_hidden, and `result`: the question's figures in words, such as "Mean 3.8
    of 5"), communities ([{name, shown, responses (None when hidden)}]), response_rate_percent (a whole number,
    or None), and `headline`: the figures in one line of words, for reports that show only plain values.

    A fixed number of queries, whatever the number of surveys (summarise_many).
    """
    today = timezone.localdate()
    surveys = (
        Survey.objects.filter(published_at__isnull=False, closes_on__gte=start, closes_on__lte=end, closes_on__lt=today)
        .select_related("division", "community")
        .order_by("closes_on", "pk")
    )
    results = []
    for summary in summarise_many(list(surveys)):
        survey = summary.survey
        results.append(
            {
                "title": survey.title,
                "audience": str(survey.audience_label),
                "opens_on": survey.opens_on,
                "closes_on": survey.closes_on,
                "responses": survey.response_count,
                "audience_size": survey.audience_size,
                "response_rate": survey.response_rate,
                "response_rate_percent": None if survey.response_rate is None else round(100 * survey.response_rate),
                "questions": [
                    {
                        "prompt": item.question.prompt,
                        "kind": item.kind,
                        "kind_label": str(QuestionKind(item.kind).label),
                        "answered": item.answered,
                        "mean": item.mean,
                        "nps": item.nps,
                        "distribution": [
                            {"label": str(bar.label), "count": bar.count, "share": bar.share} for bar in item.bars
                        ],
                        "texts": list(item.texts),
                        "texts_hidden": item.texts_hidden,
                        "result": _result(item),
                    }
                    for item in summary.questions
                ],
                "communities": [
                    {"name": str(row.name), "shown": row.shown, "responses": row.responses if row.shown else None}
                    for row in summary.communities
                ],
                "headline": _headline(survey, summary),
            }
        )
    return results


def _result(item) -> str:
    """One question's figures in words: "Mean 3.8 of 5", "NPS +25 (6 promoters, 2 passives, 2 detractors)",
    "Talks 50%, Papers 30%, Peer support 20%", "12 written answers"."""
    if not item.answered:
        return _("No answers")
    if item.kind == QuestionKind.TEXT:
        if item.texts_hidden:
            return _("%(count)s written answers (too few to show)") % {"count": item.answered}
        return _("%(count)s written answers") % {"count": item.answered}
    if item.kind == QuestionKind.NPS:
        return _("NPS %(nps)+d (%(promoters)s promoters, %(passives)s passives, %(detractors)s detractors)") % {
            "nps": item.nps,
            "promoters": item.promoters,
            "passives": item.passives,
            "detractors": item.detractors,
        }
    if item.kind == QuestionKind.LIKERT:
        return _("Mean %(mean)s of 5") % {"mean": item.mean}
    return ", ".join(f"{bar.label} {round(100 * bar.share)}%" for bar in item.bars)


def _headline(survey, summary) -> str:
    """ "12 responses from 40 members invited (30%). NPS +25. “I feel part of a community”: mean 3.8 of 5."."""
    parts = [
        _("%(count)s responses from %(size)s members invited (%(rate)s%%).")
        % {
            "count": survey.response_count,
            "size": survey.audience_size,
            "rate": round(100 * (survey.response_rate or 0)),
        }
    ]
    for item in summary.questions:
        if item.kind == QuestionKind.NPS and item.nps is not None:
            parts.append(_("“%(prompt)s”: NPS %(nps)+d.") % {"prompt": item.question.prompt, "nps": item.nps})
        elif item.kind == QuestionKind.LIKERT and item.mean is not None:
            parts.append(_("“%(prompt)s”: mean %(mean)s of 5.") % {"prompt": item.question.prompt, "mean": item.mean})
    return " ".join(parts)


def benefits_for_period(start: date, end: date) -> list[dict]:
    """Each benefit whose date falls within [start, end], oldest first.

    Each dict: category, title, date (and date_text, "5 March 2027"), community (name, or "" for site-wide),
    evidence_label, evidence_url (absolute; "" when none), logged_by (display name, or "" when the account is
    gone). The board report is for staff, who may see every linked thing.
    """
    benefits = (
        Benefit.objects.filter(happened_on__gte=start, happened_on__lte=end)
        .select_related("category", "community", "logged_by")
        .order_by("happened_on", "pk")
    )
    rows = []
    for benefit in benefits:
        url = benefit.evidence_url
        if url and benefit.evidence_kind != EvidenceKind.EXTERNAL:
            url = settings.SITE_URL + url
        rows.append(
            {
                "category": benefit.category.name,
                "title": benefit.title,
                "date": benefit.happened_on,
                "date_text": date_format(benefit.happened_on, "j F Y"),
                "community": benefit.community.name if benefit.community_id else "",
                "evidence_label": benefit.evidence_label,
                "evidence_url": url,
                "logged_by": benefit.logged_by.display_name if benefit.logged_by_id else "",
            }
        )
    return rows
