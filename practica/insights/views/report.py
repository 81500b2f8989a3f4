"""The board report: one printable page (and a CSV file) for a chosen period."""

import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from practica.experts.choices import RequestStatus
from practica.experts.queries import speaker_request_counts
from practica.insights import queries
from practica.insights.csv import csv_response
from practica.insights.forms.insights import PeriodForm
from practica.insights.metrics import HEALTH_COLUMNS, METRICS
from practica.insights.models import SITE
from practica.insights.permissions import can_view_site_insights, check
from practica.insights.queries import MONTH, Period
from practica.insights.views.dashboards import display, health_rows
from practica.surveys.reports import benefits_for_period, survey_results_for_period

STAFF_ONLY = gettext_lazy("Only staff see the board report.")
ENGAGEMENT = [
    "active_members",
    "contributing_members",
    "page_views",
    "new_topics",
    "replies",
    "replies_per_topic",
    "share_topics_replied",
    "first_reply_minutes",
    "likes",
    "resources_added",
    "resources_downloaded",
    "meetings_held",
    "attendance",
    "join_requests",
    "join_requests_admitted",
    "proposals_submitted",
    "proposals_approved",
    "research_calls",
    "communities",
]
SAFETY = ["flags_raised", "flags_resolved", "flag_resolution_minutes"]


def default_report_period() -> Period:
    """From the start of the year to yesterday (the whole of last year in the first days of January)."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return Period(yesterday.replace(month=1, day=1), yesterday, MONTH)


def build_report(period: Period) -> dict:
    figures = queries.figures_for(SITE, period)
    requests = speaker_request_counts(*queries_day_bounds(period))
    rows = queries.headline(figures, ENGAGEMENT)
    safety = queries.headline(figures, SAFETY)
    for row in [*rows, *safety]:
        row["shown"] = display(row["metric"], row["value"])
        row["previous_shown"] = display(row["metric"], row["previous"])
    return {
        "period": period,
        "progress": queries.list_target_progress(period=period),
        "engagement": rows,
        "safety": safety,
        "speaker_requests": [(label, requests.get(value, 0)) for value, label in RequestStatus.choices],
        "speaker_requests_total": requests.get("total", 0),
        "health_columns": [METRICS[key] for key in HEALTH_COLUMNS],
        "health": health_rows(period),
        "surveys": survey_results_for_period(period.start, period.end),
        "benefits": benefits_for_period(period.start, period.end),
    }


def queries_day_bounds(period: Period):
    from practica.insights.services.rollup import day_bounds

    return day_bounds(period.start)[0], day_bounds(period.end)[1]


@require_GET
def board_report(request):
    check(can_view_site_insights(request.user), STAFF_ONLY)
    form = PeriodForm(request.GET, default=default_report_period(), with_grain=False)
    period = form.period()
    context = build_report(period)
    context.update(
        form=form, query=f"start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}", generated_at=timezone.now()
    )
    return render(request, "insights/board_report.html", context)


@require_GET
def board_report_csv(request):
    check(can_view_site_insights(request.user), STAFF_ONLY)
    period = PeriodForm(request.GET, default=default_report_period(), with_grain=False).period()
    report = build_report(period)
    rows = [[_("Period"), "", f"{period.start:%Y-%m-%d}", f"{period.end:%Y-%m-%d}"]]
    for item in report["progress"]:
        rows.append(
            [
                _("Targets"),
                f"{item.metric.label} by {item.target.ends_on:%Y-%m-%d}",
                item.achieved,
                item.target.value,
                item.forecast,
                item.status,
            ]
        )
    for row in report["engagement"]:
        rows.append([_("Engagement"), str(row["metric"].label), row["value"], row["previous"], row["trend"]])
    for label, count in report["speaker_requests"]:
        rows.append([_("Speaker requests by status"), str(label), count])
    for community in report["health"]:
        for column, value in zip(report["health_columns"], community["values"], strict=True):
            rows.append([_("Community health"), f"{community['name']}: {column.label}", value])
    for survey in report["surveys"]:
        rows.extend(_survey_rows(survey))
    if report["benefits"]:
        # The columns mean something else here: a row saying what, for whoever reads the file in a spreadsheet.
        rows.append([_("Benefits"), _("What happened"), _("Date"), _("Category"), _("Community"), _("Evidence")])
    for benefit in report["benefits"]:
        rows.append(
            [
                _("Benefits"),
                benefit["title"],
                f"{benefit['date']:%Y-%m-%d}",
                benefit["category"],
                benefit["community"] or _("Whole site"),
                benefit["evidence_url"] or benefit["evidence_label"],
            ]
        )
    for row in report["safety"]:
        rows.append([_("Safety"), str(row["metric"].label), row["value"], row["previous"], row["trend"]])
    header = [_("Section"), _("Figure"), _("Value"), _("Previous period or target"), _("Change or forecast"), ""]
    return csv_response(f"board-report-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}", header, rows)


def _survey_rows(survey: dict) -> list[list]:
    """A survey's figures as report rows: the response rate as a percentage, then one row per question with its
    result in words (the same words as the printed page)."""
    section = _("Surveys")
    title = survey["title"]
    rate = "" if survey["response_rate_percent"] is None else f"{survey['response_rate_percent']}%"
    rows = [
        [section, _("%(title)s: response rate") % {"title": title}, rate],
        [section, _("%(title)s: responses") % {"title": title}, survey["responses"]],
        [section, _("%(title)s: members invited") % {"title": title}, survey["audience_size"]],
    ]
    for question in survey["questions"]:
        figure = _("%(title)s: “%(prompt)s”") % {"title": title, "prompt": question["prompt"]}
        rows.append([section, figure, question["result"]])
    return rows
