"""The dashboards: site-wide for staff (every community side by side), one community's for its champions.
Both read only aggregates; every chart has a data table and a CSV file."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from practica.communities.queries import get_readable_community_for
from practica.insights import queries
from practica.insights.charts import Series, line_chart, number
from practica.insights.csv import csv_response
from practica.insights.forms.insights import PeriodForm
from practica.insights.metrics import CHARTED, HEALTH_COLUMNS, METRICS
from practica.insights.models import SITE
from practica.insights.permissions import can_view_community_insights, can_view_site_insights, check

STAFF_ONLY = gettext_lazy("Only staff see the site's insights.")
CHAMPIONS_ONLY = gettext_lazy("Only this community's champions and staff see its insights.")
MAX_TARGET_POINTS = 60


def display(metric, value) -> str:
    """A metric's value as people read it: medians in hours, shares as percentages."""
    if value is None:
        return "–"
    suffix = "%" if metric.percent else ""
    return f"{number(value)}{suffix}"


def metric_charts(figures: queries.Figures, csv_base: str, query: str) -> list:
    labels = [bucket.label for bucket in figures.buckets]
    charts = []
    for key in CHARTED:
        metric = METRICS[key]
        chart = line_chart(
            f"chart-{key}",
            str(metric.label),
            labels,
            [Series(str(metric.label), figures.series[key])],
            unit=str(metric.unit),
        )
        chart.csv_url = f"{csv_base}?chart={key}&{query}"
        charts.append(chart)
    return charts


def _sampled(values: list, every: int) -> list:
    return [value for index, value in enumerate(values) if index % every == 0 or index == len(values) - 1]


def target_charts(progress: list[queries.Progress], csv_base: str) -> list:
    charts = []
    for item in progress:
        every = max(1, -(-len(item.days) // MAX_TARGET_POINTS))
        labels = [day.strftime("%-d %b %Y") for day in _sampled(item.days, every)]
        chart = line_chart(
            f"target-{item.target.pk}",
            _("%(metric)s: %(value)s by %(date)s")
            % {
                "metric": item.metric.label,
                "value": item.target.value,
                "date": item.target.ends_on.strftime("%-d %B %Y"),
            },
            labels,
            [
                Series(_("So far"), _sampled(item.cumulative, every)),
                Series(_("Forecast at the current pace"), _sampled(item.forecast_line, every)),
                Series(_("Target"), [float(item.target.value)] * len(labels)),
            ],
        )
        chart.csv_url = f"{csv_base}?chart=target-{item.target.pk}"
        item.chart = chart
        charts.append(chart)
    return charts


def _query_string(period: queries.Period) -> str:
    return f"start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}&grain={period.grain}"


def _headline_rows(figures, *, site: bool) -> list[dict]:
    rows = queries.headline(figures, site=site)
    for row in rows:
        row["shown"] = display(row["metric"], row["value"])
        row["previous_shown"] = display(row["metric"], row["previous"])
    return rows


def health_rows(period: queries.Period) -> list[dict]:
    rows = queries.community_health(period)
    for row in rows:
        row["shown"] = [display(METRICS[key], value) for key, value in zip(HEALTH_COLUMNS, row["values"], strict=True)]
    return rows


@require_GET
def dashboard(request):
    check(can_view_site_insights(request.user), STAFF_ONLY)
    form = PeriodForm(request.GET)
    period = form.period()
    figures = queries.figures_for(SITE, period)
    csv_base = reverse("insights:export")
    progress = queries.list_target_progress()
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "period": period,
            "headline": _headline_rows(figures, site=True),
            "charts": metric_charts(figures, csv_base, _query_string(period)),
            "progress": progress,
            "target_charts": target_charts(progress, csv_base),
            "health_columns": [METRICS[key] for key in HEALTH_COLUMNS],
            "health": health_rows(period),
            "page_kinds": queries.page_kinds(None, period),
            "query": _query_string(period),
        },
    )


def _community_for_insights(request, pk: int):
    community = get_readable_community_for(request.user, pk)
    check(can_view_community_insights(request.user, community), CHAMPIONS_ONLY)
    return community


@require_GET
def community_dashboard(request, pk: int):
    community = _community_for_insights(request, pk)
    form = PeriodForm(request.GET)
    period = form.period()
    figures = queries.figures_for(community.pk, period)
    csv_base = reverse("insights:community-export", kwargs={"pk": community.pk})
    return render(
        request,
        "insights/community_dashboard.html",
        {
            "community": community,
            "form": form,
            "period": period,
            "headline": _headline_rows(figures, site=False),
            "charts": metric_charts(figures, csv_base, _query_string(period)),
            "page_kinds": queries.page_kinds(community.pk, period),
            "query": _query_string(period),
        },
    )


def _figures_csv(figures: queries.Figures, chart: str, *, site: bool, filename: str):
    labels = [bucket.label for bucket in figures.buckets]
    starts = [bucket.start.isoformat() for bucket in figures.buckets]
    if chart in METRICS and (site or METRICS[chart].per_community):
        metric = METRICS[chart]
        header = ["period", "from", str(metric.label)]
        rows = [
            [label, start, value] for label, start, value in zip(labels, starts, figures.series[chart], strict=True)
        ]
        return csv_response(f"{filename}-{chart}", header, rows)
    if chart == "all":
        keys = [key for key, metric in METRICS.items() if site or metric.per_community]
        header = ["period", "from", *[str(METRICS[key].label) for key in keys]]
        rows = [
            [label, start, *[figures.series[key][index] for key in keys]]
            for index, (label, start) in enumerate(zip(labels, starts, strict=True))
        ]
        return csv_response(f"{filename}-all", header, rows)
    raise Http404


@require_GET
def export(request):
    check(can_view_site_insights(request.user), STAFF_ONLY)
    period = PeriodForm(request.GET).period()
    chart = request.GET.get("chart", "all")
    if chart == "communities":
        header = [_("Community"), _("Members now"), *[str(METRICS[key].label) for key in HEALTH_COLUMNS]]
        rows = [[row["name"], row["member_count"], *row["values"]] for row in queries.community_health(period)]
        return csv_response("insights-communities", header, rows)
    if chart.startswith("target-"):
        progress = {f"target-{item.target.pk}": item for item in queries.list_target_progress()}
        item = progress.get(chart)
        if item is None:
            raise Http404
        header = [_("Day"), _("So far"), _("Forecast at the current pace"), _("Target")]
        rows = [
            [day.isoformat(), so_far, forecast, item.target.value]
            for day, so_far, forecast in zip(item.days, item.cumulative, item.forecast_line, strict=True)
        ]
        return csv_response(f"insights-{chart}", header, rows)
    return _figures_csv(queries.figures_for(SITE, period, with_previous=False), chart, site=True, filename="insights")


@require_GET
def community_export(request, pk: int):
    community = _community_for_insights(request, pk)
    period = PeriodForm(request.GET).period()
    figures = queries.figures_for(community.pk, period, with_previous=False)
    return _figures_csv(figures, request.GET.get("chart", "all"), site=False, filename=f"community-{community.pk}")
