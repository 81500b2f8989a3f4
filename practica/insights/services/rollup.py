"""The roll-up: turns one day of activity into MetricValue rows, site-wide and per community.

`rollup_day(day)` recomputes every stored metric of the day from the source tables and replaces that day's
rows in one transaction, so running it twice gives the same numbers. The one figure that cannot be
recomputed is the number of different visitors: its raw material (salted hashes) is deleted when the day is
closed. So a day's visitor counts are written once, from the hashes, and later runs keep them.

Things that finish after the day they belong to (a first reply, attendance recorded after a meeting) are
counted within a settling window: the periodic job rolls up each day again for SETTLE_DAYS after it closes.
"""

import datetime
import logging
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from practica.communities.choices import JoinRequestStatus, ProposalStatus
from practica.communities.models import Community, CommunityProposal, JoinRequest, ProposalComment
from practica.discussions.choices import TopicKind
from practica.discussions.models import Like, Post, Topic
from practica.experts.choices import RequestStatus
from practica.experts.models import SpeakerRequest, SpeakerRequestEvent
from practica.insights.counting import flush
from practica.insights.metrics import LEVEL, METRICS, STORED
from practica.insights.models import SITE, DailyPageViews, DailySalt, DailyVisitor, MetricValue, RollupState
from practica.library.models import ItemVersion, LibraryItem
from practica.meetings.choices import OccurrenceStatus
from practica.meetings.models import Attendance, Occurrence, Rsvp
from practica.moderation.choices import ItemKind
from practica.moderation.models import Flag, ReviewItem

logger = logging.getLogger(__name__)
SETTLE_DAYS = 7
REPLY_WINDOW = datetime.timedelta(days=7)
DOWNLOAD_PAGES = ("library:download", "library:version-download")
VISITOR_METRICS = {"active_members"}


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The day's start and end in the site's time zone (23 or 25 hours long when the clocks change)."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


class _Figures:
    """Counters per metric and community (None: belongs to no community, counted site-wide only)."""

    def __init__(self):
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.samples: dict[str, dict] = defaultdict(lambda: defaultdict(list))
        self.members: dict[str, dict] = defaultdict(lambda: defaultdict(set))

    def add_counts(self, metric: str, rows) -> None:
        for community_id, count in rows:
            self.counts[metric][community_id] += count

    def rows(self, day: datetime.date, metrics: set[str]) -> list[MetricValue]:
        values: dict[tuple[str, int], MetricValue] = {}

        def put(metric, community_id, value=0.0, samples=None):
            row = values.setdefault(
                (metric, community_id), MetricValue(metric=metric, community_id=community_id, day=day, value=0)
            )
            row.value += value
            if samples:
                row.samples = sorted([*row.samples, *samples])

        for metric, counter in self.counts.items():
            for community_id, count in counter.items():
                if community_id is not None:
                    put(metric, community_id, count)
                put(metric, SITE, count)
        for metric, by_community in self.samples.items():
            for community_id, samples in by_community.items():
                if community_id is not None:
                    put(metric, community_id, len(samples), samples)
                put(metric, SITE, len(samples), samples)
        for metric, by_community in self.members.items():
            everyone = set()
            for community_id, members in by_community.items():
                everyone |= members
                if community_id is not None and members:
                    put(metric, community_id, len(members))
            if everyone:
                put(metric, SITE, len(everyone))
        return [
            row
            for (metric, _community), row in values.items()
            if metric in metrics and (row.value or row.samples or METRICS[metric].combine == LEVEL)
        ]


def _close_visitors(day: datetime.date, *, today: datetime.date) -> list[MetricValue] | None:
    """Count the day's different visitors from the hashes (per community, per page kind, site-wide); once the
    day is over, delete the hashes and the salt. None when an earlier run already closed the day."""
    visitors = DailyVisitor.objects.filter(day=day).order_by()
    if not visitors.exists():
        return None
    per_kind = visitors.values_list("community_id", "page_kind").annotate(n=Count("visitor", distinct=True))
    for community_id, kind, count in per_kind:
        DailyPageViews.objects.filter(day=day, community_id=community_id, page_kind=kind).update(visitors=count)
    rows = [
        MetricValue(metric="active_members", community_id=community_id, day=day, value=count)
        for community_id, count in visitors.exclude(community_id=SITE)
        .values_list("community_id")
        .annotate(n=Count("visitor", distinct=True))
    ]
    rows.append(
        MetricValue(
            metric="active_members", community_id=SITE, day=day, value=visitors.values("visitor").distinct().count()
        )
    )
    if day < today:
        visitors.delete()
        DailySalt.objects.filter(day=day).delete()
    return rows


def _page_views(day, figures: _Figures) -> None:
    rows = DailyPageViews.objects.filter(day=day).order_by()
    for community_id, views in rows.values_list("community_id").annotate(n=Sum("views")):
        figures.counts["page_views"][community_id or None] += views
    downloads = rows.filter(page_kind__in=DOWNLOAD_PAGES).values_list("community_id").annotate(n=Sum("views"))
    for community_id, views in downloads:
        figures.counts["resources_downloaded"][community_id or None] += views


def _discussions(start, end, figures: _Figures) -> None:
    topics = Topic.objects.filter(created_at__gte=start, created_at__lt=end).order_by()
    figures.add_counts("new_topics", topics.values_list("community_id").annotate(n=Count("pk")))
    figures.add_counts(
        "research_calls", topics.filter(kind=TopicKind.RESEARCH).values_list("community_id").annotate(n=Count("pk"))
    )
    started = topics.annotate(first_reply=Min("posts__created_at", filter=Q(posts__number__gt=1))).values_list(
        "community_id", "created_at", "first_reply"
    )
    for community_id, created_at, first_reply in started:
        if first_reply is not None and first_reply - created_at <= REPLY_WINDOW:
            figures.counts["topics_replied"][community_id] += 1
            minutes = round((first_reply - created_at).total_seconds() / 60)
            figures.samples["first_reply_minutes"][community_id].append(minutes)
    posts = Post.objects.filter(created_at__gte=start, created_at__lt=end).order_by()
    figures.add_counts("replies", posts.filter(number__gt=1).values_list("topic__community_id").annotate(n=Count("pk")))
    for community_id, author_id in posts.values_list("topic__community_id", "author_id").distinct():
        figures.members["contributing_members"][community_id].add(author_id)
    likes = Like.objects.filter(created_at__gte=start, created_at__lt=end).order_by()
    figures.add_counts("likes", likes.values_list("post__topic__community_id").annotate(n=Count("pk")))
    for community_id, user_id in likes.values_list("post__topic__community_id", "user_id").distinct():
        figures.members["contributing_members"][community_id].add(user_id)


def _library(start, end, figures: _Figures) -> None:
    items = LibraryItem.objects.filter(created_at__gte=start, created_at__lt=end).order_by()
    figures.add_counts("resources_added", items.values_list("community_id").annotate(n=Count("pk")))
    for community_id, user_id in items.values_list("community_id", "created_by_id").distinct():
        figures.members["contributing_members"][community_id].add(user_id)
    versions = ItemVersion.objects.filter(created_at__gte=start, created_at__lt=end).order_by()
    for community_id, user_id in versions.values_list("item__community_id", "uploaded_by_id").distinct():
        figures.members["contributing_members"][community_id].add(user_id)


def _meetings(start, end, now, figures: _Figures) -> None:
    held = Occurrence.objects.filter(
        starts_at__gte=start, starts_at__lt=min(end, now), status=OccurrenceStatus.SCHEDULED
    ).order_by()
    figures.add_counts("meetings_held", held.values_list("community_id").annotate(n=Count("pk")))
    attended = Attendance.objects.filter(occurrence__in=held.values("pk")).order_by()
    figures.add_counts("attendance", attended.values_list("occurrence__community_id").annotate(n=Count("pk")))
    answered = Rsvp.objects.filter(updated_at__gte=start, updated_at__lt=end).order_by()
    for community_id, user_id in answered.values_list("occurrence__community_id", "user_id").distinct():
        figures.members["contributing_members"][community_id].add(user_id)


def _communities(start, end, figures: _Figures) -> None:
    requests = JoinRequest.objects.order_by()
    figures.add_counts(
        "join_requests",
        requests.filter(created_at__gte=start, created_at__lt=end).values_list("community_id").annotate(n=Count("pk")),
    )
    decided = requests.filter(decided_at__gte=start, decided_at__lt=end)
    figures.add_counts(
        "join_requests_admitted",
        decided.filter(status=JoinRequestStatus.ADMITTED).values_list("community_id").annotate(n=Count("pk")),
    )
    figures.add_counts(
        "join_requests_declined",
        decided.filter(status=JoinRequestStatus.DECLINED).values_list("community_id").annotate(n=Count("pk")),
    )
    figures.counts["proposals_submitted"][None] += CommunityProposal.objects.filter(
        created_at__gte=start, created_at__lt=end
    ).count()
    decisions = dict(
        ProposalComment.objects.filter(
            created_at__gte=start,
            created_at__lt=end,
            status_set__in=[ProposalStatus.APPROVED, ProposalStatus.DECLINED],
        )
        .order_by()
        .values_list("status_set")
        .annotate(n=Count("proposal_id", distinct=True))
    )
    figures.counts["proposals_approved"][None] += decisions.get(ProposalStatus.APPROVED, 0)
    figures.counts["proposals_declined"][None] += decisions.get(ProposalStatus.DECLINED, 0)
    open_at_end = Community.objects.filter(created_at__lt=end).exclude(archived_at__lt=end).count()
    figures.counts["communities"][None] += open_at_end


def _experts(start, end, figures: _Figures) -> None:
    figures.add_counts(
        "speaker_requests",
        SpeakerRequest.objects.filter(created_at__gte=start, created_at__lt=end)
        .order_by()
        .values_list("community_id")
        .annotate(n=Count("pk")),
    )
    events = SpeakerRequestEvent.objects.filter(created_at__gte=start, created_at__lt=end).order_by()
    for metric, status in (
        ("speaker_requests_scheduled", RequestStatus.SCHEDULED),
        ("speaker_requests_declined", RequestStatus.DECLINED),
    ):
        figures.add_counts(
            metric,
            events.filter(status=status)
            .values_list("request__community_id")
            .annotate(n=Count("request_id", distinct=True)),
        )


def _moderation(start, end, figures: _Figures) -> None:
    flags = Flag.objects.filter(created_at__gte=start, created_at__lt=end).order_by()
    figures.add_counts("flags_raised", flags.values_list("review_item__community_id").annotate(n=Count("pk")))
    resolved = ReviewItem.objects.filter(resolved_at__gte=start, resolved_at__lt=end, kind=ItemKind.FLAGGED).order_by()
    for community_id, opened_at, resolved_at in resolved.values_list("community_id", "opened_at", "resolved_at"):
        figures.counts["flags_resolved"][community_id] += 1
        minutes = round((resolved_at - opened_at).total_seconds() / 60)
        figures.samples["flag_resolution_minutes"][community_id].append(minutes)


def rollup_day(day: datetime.date, *, now: datetime.datetime | None = None) -> dict[str, float]:
    """Recompute every metric of `day` and replace its rows; returns the site-wide figures."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    start, end = day_bounds(day)
    try:
        flush()  # This process's own unwritten page views (the web processes flush theirs on a timer).
    except Exception:  # Counting must never stop the roll-up; the tallies are kept for the next flush.
        logger.exception("page view counts could not be written before the roll-up")
    figures = _Figures()
    with transaction.atomic():
        visitor_rows = _close_visitors(day, today=today)
        _page_views(day, figures)
        _discussions(start, end, figures)
        _library(start, end, figures)
        _meetings(start, end, now, figures)
        _communities(start, end, figures)
        _experts(start, end, figures)
        _moderation(start, end, figures)
        # Visitor figures are replaced only when this run could count them (see the module's docstring).
        metrics = set(STORED) - VISITOR_METRICS
        rows = figures.rows(day, metrics)
        if visitor_rows is not None:
            metrics |= VISITOR_METRICS
            rows += visitor_rows
        MetricValue.objects.filter(day=day, metric__in=metrics).delete()
        MetricValue.objects.bulk_create(rows, batch_size=1000)
    return {row.metric: row.value for row in rows if row.community_id == SITE}


def rollup_pending(*, now: datetime.datetime | None = None) -> list[datetime.date]:
    """Close every day up to yesterday not closed yet, then roll up again the days still settling."""
    now = now or timezone.now()
    yesterday = timezone.localdate(now) - datetime.timedelta(days=1)
    state, _created = RollupState.objects.get_or_create(pk=1)
    if state.last_closed_day is not None and state.last_closed_day >= yesterday:
        return []
    first = (state.last_closed_day or yesterday - datetime.timedelta(days=SETTLE_DAYS)) + datetime.timedelta(days=1)
    settling_from = min(first, yesterday) - datetime.timedelta(days=SETTLE_DAYS)
    days = []
    day = settling_from
    while day <= yesterday:
        rollup_day(day, now=now)
        days.append(day)
        day += datetime.timedelta(days=1)
    if state.last_closed_day != yesterday:
        RollupState.objects.filter(pk=1).update(last_closed_day=yesterday)
    return days
