"""Survey results for staff: anonymous aggregates, charts with their data tables, and a CSV without member data.

Nothing here can name a respondent: responses carry no member (models.py), free text appears only from 5
answers up and a community's figures only from 5 responses up (results.py).
"""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from practica.core.audit import record
from practica.surveys.charts import bar_chart
from practica.surveys.choices import QuestionKind
from practica.surveys.results import MIN_GROUP, summarise
from practica.surveys.views.manage import _managed


@require_GET
def survey_results(request, pk: int):
    survey = _managed(request, pk)
    summary = summarise(survey)
    charts = {}
    for item in summary.questions:
        if item.kind == QuestionKind.TEXT:
            continue
        charts[item.question.pk] = bar_chart(
            title=item.question.prompt,
            description=_(
                "Bar chart of the %(count)s answers to this question, by answer. The table below has the same numbers."
            )
            % {"count": item.answered},
            rows=[(str(bar.label), bar.count, bar.share) for bar in item.bars],
        )
    return render(
        request,
        "surveys/survey_results.html",
        {
            "survey": survey,
            "summary": summary,
            "items": [(item, charts.get(item.question.pk)) for item in summary.questions],
            "min_group": MIN_GROUP,
        },
    )


@require_GET
def survey_results_csv(request, pk: int):
    """One row per figure: question, answer, count, share; free text (from 5 answers up); community rows."""
    survey = _managed(request, pk)
    summary = summarise(survey)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-{slugify(survey.title)[:40]}.csv"'
    writer = _SafeWriter(csv.writer(response))
    writer.writerow(["section", "question", "answer", "count", "share", "mean", "nps"])
    writer.writerow(["survey", survey.title, survey.audience_label, survey.response_count, "", "", ""])
    writer.writerow(["audience", "", _("members invited"), survey.audience_size, "", "", ""])
    for item in summary.questions:
        prompt = item.question.prompt
        if item.kind == QuestionKind.TEXT:
            if item.texts_hidden:
                writer.writerow(["text", prompt, _("Too few answers to show"), item.answered, "", "", ""])
            for text in item.texts:
                writer.writerow(["text", prompt, text, "", "", "", ""])
            continue
        writer.writerow(
            [
                "question",
                prompt,
                _("answered"),
                item.answered,
                "",
                item.mean if item.mean is not None else "",
                item.nps if item.nps is not None else "",
            ]
        )
        for bar in item.bars:
            writer.writerow(["answer", prompt, bar.label, bar.count, f"{bar.share:.3f}", "", ""])
    for row in summary.communities:
        if row.shown:
            writer.writerow(["community", "", row.name, row.responses, "", "; ".join(row.scores), ""])
        else:
            writer.writerow(["community", "", row.name, "", row.note, "", ""])
    record(actor=request.user, action="survey.results_exported", target=survey, summary=survey.title)
    return response


def _safe(text: str) -> str:
    """Keep spreadsheet programs from running typed text (an answer, a title) as a formula."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, cells) -> None:
        self._writer.writerow([_safe(str(cell)) if isinstance(cell, str) else cell for cell in cells])
