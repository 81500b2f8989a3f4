"""Reads for the dashboards and the board report. They read only aggregates (MetricValue, DailyPageViews,
Target), a fixed number of queries whatever the size of the site: one per kind of figure, grouped in SQL."""

import datetime
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.insights.metrics import CHARTED, DAILY_AVERAGE, FLOW, HEALTH_COLUMNS, LEVEL, METRICS, RATIO, combine
from practica.insights.models import SITE, DailyPageViews, MetricValue, Target

DAY = "day"
WEEK = "week"
MONTH = "month"


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # included
    grain: str = WEEK

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same length just before this one (for trends)."""
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end, self.grain)


def default_period(grain: str = WEEK) -> Period:
    """The last 13 weeks up to yesterday (the last day the roll-up has closed)."""
    end = timezone.localdate() - datetime.timedelta(days=1)
    return Period(end - datetime.timedelta(days=90), end, grain)


@dataclass(frozen=True)
class Bucket:
    start: datetime.date
    end: datetime.date  # included
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def buckets(period: Period) -> list[Bucket]:
    """The period cut into days, weeks (from Monday) or calendar months, clipped to the period."""
    result = []
    day = period.start
    while day <= period.end:
        if period.grain == DAY:
            end = day
            label = day.strftime("%-d %b %Y")
        elif period.grain == MONTH:
            next_month = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            end = next_month - datetime.timedelta(days=1)
            label = day.strftime("%b %Y")
        else:
            end = day + datetime.timedelta(days=6 - day.weekday())
            label = _("week of %(day)s") % {"day": day.strftime("%-d %b %Y")}
        end = min(end, period.end)
        result.append(Bucket(day, end, label))
        day = end + datetime.timedelta(days=1)
    return result


@dataclass
class Figures:
    """Every metric of one scope over a period: totals, one value per bucket, and the previous period's totals."""

    period: Period
    buckets: list[Bucket]
    totals: dict[str, float | None]
    series: dict[str, list[float | None]]
    previous: dict[str, float | None] = field(default_factory=dict)


def _rows(community_id: int, start: datetime.date, end: datetime.date) -> dict[str, list[tuple]]:
    by_metric: dict[str, list[tuple]] = defaultdict(list)
    rows = (
        MetricValue.objects.filter(community_id=community_id, day__gte=start, day__lte=end)
        .order_by("day")
        .values_list("metric", "day", "value", "samples")
    )
    for metric, day, value, samples in rows:
        by_metric[metric].append((day, value, samples))
    return by_metric


def _combine_all(by_metric: dict[str, list[tuple]], start: datetime.date, end: datetime.date) -> dict:
    days = (end - start).days + 1
    chosen = {}
    for key, rows in by_metric.items():
        # Rows are in day order: cut the bucket's slice out by bisection.
        low = bisect_left(rows, start, key=lambda row: row[0])
        high = bisect_right(rows, end, key=lambda row: row[0])
        chosen[key] = [(value, samples) for _day, value, samples in rows[low:high]]
    sums = {key: sum(value for value, _samples in values) for key, values in chosen.items()}
    result = {}
    for key, metric in METRICS.items():
        result[key] = combine(metric, chosen.get(key, []), days=days, sums=sums)
    return result


def figures_for(community_id: int, period: Period, *, with_previous: bool = True) -> Figures:
    """All metrics for the site (community_id 0) or one community: two queries."""
    previous = period.previous()
    by_metric = _rows(community_id, previous.start if with_previous else period.start, period.end)
    cut = buckets(period)
    series: dict[str, list] = {key: [] for key in METRICS}
    for bucket in cut:
        values = _combine_all(by_metric, bucket.start, bucket.end)
        for key in METRICS:
            series[key].append(values[key])
    return Figures(
        period=period,
        buckets=cut,
        totals=_combine_all(by_metric, period.start, period.end),
        series=series,
        previous=_combine_all(by_metric, previous.start, previous.end) if with_previous else {},
    )


def trend_words(current: float | None, previous: float | None) -> str:
    """The change from the previous period in words, so the direction never depends on colour or arrows."""
    if current is None or previous is None:
        return _("no earlier figure")
    if previous == 0:
        return _("none before") if current else _("no change")
    change = (current - previous) / previous * 100
    if abs(change) < 0.5:
        return _("no change")
    if change > 0:
        return _("up %(percent)s%%") % {"percent": f"{change:.0f}"}
    return _("down %(percent)s%%") % {"percent": f"{-change:.0f}"}


def headline(figures: Figures, keys: list[str] | None = None, *, site: bool = True) -> list[dict]:
    """Each metric's value over the period, the previous period's, and the change in words."""
    rows = []
    for key in keys or list(METRICS):
        metric = METRICS[key]
        if not site and not metric.per_community:
            continue
        current, previous = figures.totals.get(key), figures.previous.get(key)
        rows.append(
            {
                "key": key,
                "metric": metric,
                "value": current,
                "previous": previous,
                "trend": trend_words(current, previous),
            }
        )
    return rows


def community_health(period: Period) -> list[dict]:
    """Every community side by side over the period: two queries (communities, grouped sums)."""
    communities = list(Community.objects.order_by("name").values("pk", "name", "member_count", "status", "membership"))
    needed = set()
    for key in HEALTH_COLUMNS:
        metric = METRICS[key]
        needed |= {metric.numerator, metric.denominator} if metric.combine == RATIO else {key}
    sums = defaultdict(dict)
    grouped = (
        MetricValue.objects.filter(day__gte=period.start, day__lte=period.end, metric__in=needed)
        .exclude(community_id=SITE)
        .order_by()
        .values_list("community_id", "metric")
        .annotate(total=Sum("value"))
    )
    for community_id, metric, total in grouped:
        sums[community_id][metric] = total
    rows = []
    for community in communities:
        mine = sums.get(community["pk"], {})
        values = []
        for key in HEALTH_COLUMNS:
            metric = METRICS[key]
            if metric.combine == RATIO:
                value = combine(metric, [], days=period.days, sums=mine)
            elif metric.combine == DAILY_AVERAGE:
                value = mine.get(key, 0) / period.days
            else:
                value = mine.get(key, 0)
            values.append(value)
        rows.append({**community, "values": values})
    return rows


def page_kinds(community_id: int | None, period: Period, limit: int = 12) -> list[dict]:
    """The most viewed kinds of page in the period (one query)."""
    rows = DailyPageViews.objects.filter(day__gte=period.start, day__lte=period.end)
    if community_id is not None:
        rows = rows.filter(community_id=community_id)
    return list(
        rows.order_by()
        .values("page_kind")
        .annotate(views=Sum("views"), visitors=Sum("visitors"))
        .order_by("-views", "page_kind")[:limit]
    )


# Targets.


@dataclass
class Progress:
    target: Target
    metric: object
    achieved: float | None
    forecast: float | None
    elapsed_days: int
    total_days: int
    status: str
    days: list[datetime.date]
    cumulative: list[float | None]
    forecast_line: list[float | None]


def _progress(target: Target, rows: list[tuple], today: datetime.date) -> Progress:
    metric = METRICS[target.metric]
    last = min(target.ends_on, today - datetime.timedelta(days=1))
    total_days = (target.ends_on - target.starts_on).days + 1
    elapsed = max((last - target.starts_on).days + 1, 0)
    values = {day: value for day, value, _samples in rows if target.starts_on <= day <= target.ends_on}
    all_days = [target.starts_on + datetime.timedelta(days=n) for n in range(total_days)]
    cumulative: list[float | None] = []
    running = 0.0
    level = None
    for day in all_days:
        if day > last:
            cumulative.append(None)
            continue
        if metric.combine == LEVEL:
            level = values.get(day, level)
            cumulative.append(level)
        elif metric.combine == FLOW:
            running += values.get(day, 0)
            cumulative.append(running)
        else:
            running += values.get(day, 0)
            cumulative.append(running / ((day - target.starts_on).days + 1))
    achieved = next((value for value in reversed(cumulative) if value is not None), None) if elapsed else None
    forecast = None
    if elapsed and achieved is not None:
        if metric.combine == FLOW:
            forecast = achieved / elapsed * total_days
        elif metric.combine == LEVEL:
            first = next((value for value in cumulative if value is not None), achieved)
            forecast = first + (achieved - first) / elapsed * total_days if elapsed > 1 else achieved
        else:
            forecast = achieved
    forecast_line: list[float | None] = [None] * total_days
    if forecast is not None and elapsed:
        # A straight line from today's figure to the forecast at the end date.
        for index in range(elapsed - 1, total_days):
            fraction = (index - (elapsed - 1)) / max(total_days - elapsed, 1)
            forecast_line[index] = achieved + (forecast - achieved) * fraction
    if achieved is not None and achieved >= target.value:
        status = _("Met")
    elif not elapsed:
        status = _("Not started")
    elif last >= target.ends_on:
        status = _("Missed")
    elif forecast is not None and forecast >= target.value:
        status = _("On track")
    else:
        status = _("Behind")
    return Progress(
        target, metric, achieved, forecast, elapsed, total_days, status, all_days, cumulative, forecast_line
    )


def list_target_progress(today: datetime.date | None = None, *, period: Period | None = None) -> list[Progress]:
    """Every target (or those overlapping `period`) with its progress and forecast: two queries."""
    today = today or timezone.localdate()
    targets = list(Target.objects.all())
    if period is not None:
        targets = [t for t in targets if t.starts_on <= period.end and t.ends_on >= period.start]
    if not targets:
        return []
    start = min(t.starts_on for t in targets)
    end = max(t.ends_on for t in targets)
    by_metric: dict[str, list[tuple]] = defaultdict(list)
    rows = (
        MetricValue.objects.filter(
            community_id=SITE, metric__in={t.metric for t in targets}, day__gte=start, day__lte=end
        )
        .order_by("day")
        .values_list("metric", "day", "value", "samples")
    )
    for metric, day, value, samples in rows:
        by_metric[metric].append((day, value, samples))
    return [_progress(target, by_metric.get(target.metric, []), today) for target in targets]


def last_week_summary(community_id: int) -> dict:
    end = timezone.localdate() - datetime.timedelta(days=1)
    period = Period(end - datetime.timedelta(days=6), end, DAY)
    figures = figures_for(community_id, period, with_previous=False)
    return {key: figures.totals.get(key) for key in ("active_members", "new_topics", "replies")}


def charted_keys() -> list[str]:
    return list(CHARTED)
