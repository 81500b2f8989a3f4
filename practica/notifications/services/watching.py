"""Watch levels: how closely a member follows a community or a topic (watching, tracking, normal, muted)."""

from django.db import transaction
from django.utils.translation import gettext as _

from practica.communities.permissions import can_read_community
from practica.discussions.permissions import can_view_topic
from practica.notifications.choices import WatchLevel
from practica.notifications.models import CommunityWatch, TopicWatch
from practica.notifications.permissions import check


class WatchError(Exception):
    """A level that does not exist; nothing changes."""


def _clean_level(level: str) -> str:
    if level not in WatchLevel.values:
        raise WatchError(_("Choose how closely to follow it."))
    return level


@transaction.atomic
def set_community_watch(*, user, community, level: str) -> CommunityWatch:
    """Choose how closely to follow a community the member may read inside."""
    check(can_read_community(user, community), _("You cannot follow this community."))
    level = _clean_level(level)
    watch, _created = CommunityWatch.objects.update_or_create(user=user, community=community, defaults={"level": level})
    return watch


@transaction.atomic
def set_topic_watch(*, user, topic, level: str) -> TopicWatch:
    """Choose how closely to follow one topic; it overrides the community's level (muting either wins)."""
    check(can_view_topic(user, topic), _("You cannot follow this topic."))
    level = _clean_level(level)
    watch, _created = TopicWatch.objects.update_or_create(user=user, topic=topic, defaults={"level": level})
    return watch


def watch_by_default(*, user, topic, started: bool) -> None:
    """Starting a topic watches it; replying tracks it, unless the member already chose a level for the topic,
    or follows the whole community more closely (watching) or not at all (muted)."""
    if started:
        TopicWatch.objects.get_or_create(user=user, topic=topic, defaults={"level": WatchLevel.WATCHING})
        return
    if TopicWatch.objects.filter(user=user, topic=topic).exists():
        return
    community_level = (
        CommunityWatch.objects.filter(user=user, community_id=topic.community_id)
        .values_list("level", flat=True)
        .first()
    )
    if community_level in {WatchLevel.WATCHING, WatchLevel.MUTED}:
        return
    TopicWatch.objects.get_or_create(user=user, topic=topic, defaults={"level": WatchLevel.TRACKING})


def forget_watches(*, user_id: int, community_id: int) -> int:
    """A member who can no longer read inside a community stops following it and its topics."""
    deleted, _details = CommunityWatch.objects.filter(user_id=user_id, community_id=community_id).delete()
    topics, _details = TopicWatch.objects.filter(user_id=user_id, topic__community_id=community_id).delete()
    return deleted + topics
