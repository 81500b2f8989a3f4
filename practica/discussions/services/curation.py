"""What champions and moderators do to topics: pin, close, archive, move, split and merge. Each is
recorded twice: in the topic (TopicEvent, which members see) and in the audit log."""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.core import events
from practica.core.audit import record
from practica.discussions.choices import TopicAction
from practica.discussions.models import Draft, Post, Topic, TopicEvent
from practica.discussions.permissions import can_moderate_topic, can_pin_site_wide, can_post_in, check
from practica.discussions.services.posting import PostingError, _clean_title, _uncount_recent_posts, recount_topic


def _log(*, actor, topic: Topic, action: str, note: str = "", data: dict | None = None) -> None:
    TopicEvent.objects.create(topic=topic, action=action, actor=actor, note=note[:300])
    record(actor=actor, action=f"topic.{action}", target=topic, summary=note[:300], data=data or {})


def _locked(topic: Topic) -> Topic:
    return Topic.objects.select_for_update(of=("self",)).select_related("community").get(pk=topic.pk)


@transaction.atomic
def set_pinned(*, actor, topic: Topic, pinned: bool, site_wide: bool = False) -> Topic:
    topic = _locked(topic)
    check(can_moderate_topic(actor, topic), _("Only champions and moderators can pin topics."))
    if site_wide:
        check(can_pin_site_wide(actor), _("Only staff can pin a topic site-wide."))
    topic.pinned_at = timezone.now() if pinned else None
    topic.pinned_site_wide = pinned and site_wide
    topic.save(update_fields=["pinned_at", "pinned_site_wide"])
    action = TopicAction.UNPINNED if not pinned else (TopicAction.PINNED_SITE if site_wide else TopicAction.PINNED)
    _log(actor=actor, topic=topic, action=action)
    return topic


@transaction.atomic
def set_closed(*, actor, topic: Topic, closed: bool, reason: str = "") -> Topic:
    """Closing stops new replies and says why."""
    topic = _locked(topic)
    check(can_moderate_topic(actor, topic), _("Only champions and moderators can close topics."))
    if closed and not reason.strip():
        raise PostingError(_("Please say why the topic is closing; members will see it."), "reason")
    topic.closed_at = timezone.now() if closed else None
    topic.close_reason = reason.strip()[:300] if closed else ""
    topic.save(update_fields=["closed_at", "close_reason"])
    _log(actor=actor, topic=topic, action=TopicAction.CLOSED if closed else TopicAction.REOPENED, note=reason)
    return topic


@transaction.atomic
def set_archived(*, actor, topic: Topic, archived: bool) -> Topic:
    topic = _locked(topic)
    check(can_moderate_topic(actor, topic), _("Only champions and moderators can archive topics."))
    topic.archived_at = timezone.now() if archived else None
    topic.save(update_fields=["archived_at"])
    _log(actor=actor, topic=topic, action=TopicAction.ARCHIVED if archived else TopicAction.UNARCHIVED)
    return topic


@transaction.atomic
def move_topic(*, actor, topic: Topic, to_community: Community) -> Topic:
    """Move a topic (and so its posts' visibility) to another community the actor can moderate or post in."""
    topic = _locked(topic)
    check(can_moderate_topic(actor, topic), _("Only champions and moderators can move topics."))
    check(can_post_in(actor, to_community), _("You can only move topics into communities you belong to."))
    if to_community.pk == topic.community_id:
        raise PostingError(_("The topic is already in this community."), "community")
    from_community = topic.community
    topic.community = to_community
    topic.save(update_fields=["community"])
    # The recent, live posts move with the topic: so does their share of each community's activity counter.
    live = Post.objects.filter(topic=topic, deleted_at__isnull=True)
    moved = _uncount_recent_posts(from_community.pk, live)
    Community.objects.filter(pk=to_community.pk).update(posts_last_30_days=F("posts_last_30_days") + moved)
    Draft.objects.filter(topic=topic).update(community=to_community)
    _log(
        actor=actor,
        topic=topic,
        action=TopicAction.MOVED,
        note=_("Moved from %(from)s") % {"from": from_community.name},
        data={"from_community_id": from_community.pk, "to_community_id": to_community.pk},
    )
    events.publish("topic.moved", topic_id=topic.pk, from_community_id=from_community.pk)
    return topic


@transaction.atomic
def split_topic(*, actor, topic: Topic, post_ids: list[int], title: str) -> Topic:
    """Selected replies become a new topic in the same community, renumbered from 1 in their order."""
    topic = _locked(topic)
    check(can_moderate_topic(actor, topic), _("Only champions and moderators can split topics."))
    title = _clean_title(title)
    posts = list(Post.objects.filter(topic=topic, pk__in=post_ids, deleted_at__isnull=True).order_by("number"))
    if not posts:
        raise PostingError(_("Choose the posts to move into the new topic."), "posts")
    if any(post.number == 1 for post in posts):
        raise PostingError(_("The opening post stays with its topic."), "posts")
    new_topic = Topic.objects.create(community=topic.community, author=posts[0].author, title=title)
    for number, post in enumerate(posts, start=1):
        Post.objects.filter(pk=post.pk).update(topic=new_topic, number=number, reply_to=None)
    recount_topic(new_topic)
    recount_topic(topic)
    _log(
        actor=actor,
        topic=topic,
        action=TopicAction.SPLIT,
        note=_("Split into “%(title)s”") % {"title": title},
        data={"new_topic_id": new_topic.pk, "post_ids": [post.pk for post in posts]},
    )
    _log(
        actor=actor,
        topic=new_topic,
        action=TopicAction.SPLIT,
        note=_("Split from “%(title)s”") % {"title": topic.title},
    )
    events.publish("topic.split", topic_id=new_topic.pk, from_topic_id=topic.pk)
    return new_topic


@transaction.atomic
def merge_topics(*, actor, source: Topic, into: Topic) -> Topic:
    """Every post of `source` moves to the end of `into`, in order; `source` then points to `into`."""
    source, into = _locked(source), _locked(into)
    check(
        can_moderate_topic(actor, source) and can_moderate_topic(actor, into),
        _("Only champions and moderators can merge topics."),
    )
    if source.pk == into.pk:
        raise PostingError(_("Choose a different topic to merge into."), "into")
    if source.community_id != into.community_id:
        raise PostingError(_("Move the topic into the same community first, then merge it."), "into")
    start = (Post.objects.filter(topic=into).aggregate(highest=Max("number"))["highest"] or 0) + 1
    for offset, post_id in enumerate(Post.objects.filter(topic=source).order_by("number").values_list("pk", flat=True)):
        Post.objects.filter(pk=post_id).update(topic=into, number=start + offset)
    source.merged_into = into
    source.save(update_fields=["merged_into"])
    recount_topic(source)
    recount_topic(into)
    _log(
        actor=actor,
        topic=into,
        action=TopicAction.MERGED,
        note=_("Merged “%(title)s” into this topic") % {"title": source.title},
        data={"source_topic_id": source.pk},
    )
    events.publish("topic.merged", topic_id=into.pk, source_topic_id=source.pk)
    return into
