"""Reads for the notifications pages, the bell and the watch controls; each costs a fixed number of queries."""

from datetime import date, timedelta

from django.db.models import BooleanField, Case, Exists, OuterRef, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from practica.notifications.choices import WatchLevel
from practica.notifications.models import CommunityEmailPolicy, CommunityWatch, Notification, TopicWatch
from practica.notifications.permissions import mark_visibility, visible_notifications

PAGE_SIZE = 30


def count_unread(user) -> int:
    """The bell's number: one COUNT on the partial index of unread notifications."""
    return visible_notifications(user, Notification.objects.filter(read_at__isnull=True)).count()


def list_notifications(user):
    """The user's notifications, newest activity first (a queryset to paginate)."""
    return (
        visible_notifications(user, Notification.objects.all())
        .select_related("community")
        .order_by("-updated_at", "-id")
    )


def day_label(day: date, today: date) -> str:
    if day == today:
        return _("Today")
    if day == today - timedelta(days=1):
        return _("Yesterday")
    return date_format(day, "l j F Y" if day.year == today.year else "j F Y")


def group_by_day(user, notifications) -> list[dict]:
    """A page of notifications the user may still see, grouped under Today, Yesterday and dates."""
    today = timezone.localdate()
    groups: list[dict] = []
    for notification in mark_visibility(user, list(notifications)):
        day = timezone.localdate(notification.updated_at)
        if not groups or groups[-1]["day"] != day:
            groups.append({"day": day, "label": day_label(day, today), "notifications": []})
        groups[-1]["notifications"].append(notification)
    return groups


def community_watch_level(user, community) -> str | None:
    """The user's chosen level for a community, or None when they never chose (which means normal)."""
    return CommunityWatch.objects.filter(user=user, community=community).values_list("level", flat=True).first()


def topic_watch_levels(user, topic) -> tuple[str | None, str | None]:
    """(the topic's own level, its community's level) for the topic page's watch control, in one query each."""
    topic_level = TopicWatch.objects.filter(user=user, topic=topic).values_list("level", flat=True).first()
    community_level = community_watch_level(user, topic.community_id)
    return topic_level, community_level


def effective_level(topic_level: str | None, community_level: str | None) -> str:
    """Muting either wins; otherwise the topic's own choice, then the community's, then normal."""
    if WatchLevel.MUTED in (topic_level, community_level):
        return WatchLevel.MUTED
    return topic_level or community_level or WatchLevel.NORMAL


def counts_unread(user):
    """Whether a topic row shows its "N new" count, as an expression over topics (no query of its own): only for
    topics the member tracks or watches, by the topic's own level or else its community's; never when either
    is muted. Normal topics show "New" until opened, and no count after (docs/notifications.md)."""
    following = [WatchLevel.WATCHING, WatchLevel.TRACKING]
    topic_watch = TopicWatch.objects.filter(user=user, topic=OuterRef("pk"))
    community_watch = CommunityWatch.objects.filter(user=user, community=OuterRef("community_id"))
    return Case(
        When(
            Exists(topic_watch.filter(level=WatchLevel.MUTED)) | Exists(community_watch.filter(level=WatchLevel.MUTED)),
            then=Value(False),
        ),
        When(Exists(topic_watch.filter(level__in=following)), then=Value(True)),
        When(Exists(topic_watch), then=Value(False)),
        When(Exists(community_watch.filter(level__in=following)), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def email_policy_for(community) -> CommunityEmailPolicy:
    return CommunityEmailPolicy.objects.filter(community=community).first() or CommunityEmailPolicy(community=community)
