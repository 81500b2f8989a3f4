"""The pile-on signal: many members turning on one member in a topic, in posts that draw flags.

When `pile_on_members` distinct members reply to (or mention) the same member within `pile_on_minutes`, in
posts of one topic that have been flagged, the topic goes into slow mode (one post per member every
`slow_mode_minutes`, for `slow_mode_hours`) and the Lead is alerted: a pile-on item in the review queue and an
e-mail to LEAD_EMAIL. Checked each time a flag is raised; safe to run twice.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.core.outbox import enqueue_email
from practica.discussions.models import Mention, Post, Topic
from practica.discussions.services import safety
from practica.moderation.choices import ActionKind, FlagStatus, ItemKind, ItemStatus
from practica.moderation.models import Flag, ModerationSettings, ReviewItem
from practica.moderation.services import queue
from practica.moderation.services.reports import absolute, item_url


def targets_of(post: Post) -> set[int]:
    """Whom a post is aimed at: the author of the post it replies to, and the members it mentions."""
    aimed = set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
    if post.reply_to_id:
        aimed.add(Post.objects.filter(pk=post.reply_to_id).values_list("author_id", flat=True).first())
    aimed.discard(None)
    aimed.discard(post.author_id)
    return aimed


def piling_members(*, target_id: int, topic: Topic, around, minutes: int) -> set[int]:
    """Distinct members whose flagged posts in the topic, within `minutes` of `around`, reply to or mention
    the target."""
    post_type = ContentType.objects.get_for_model(Post)
    flagged = Flag.objects.filter(content_type=post_type).exclude(status=FlagStatus.WITHDRAWN).values("object_id")
    window = timedelta(minutes=minutes)
    posts = Post.objects.filter(
        topic=topic, created_at__gte=around - window, created_at__lte=around + window, pk__in=flagged
    ).filter(Q(reply_to__author_id=target_id) | Q(mentions__user_id=target_id))
    return set(posts.exclude(author_id=target_id).values_list("author_id", flat=True).distinct())


@transaction.atomic
def check_pile_on(*, flag_id: int) -> ReviewItem | None:
    """After a flag on a post: is its topic a pile-on? If so, slow mode and an alert (once per topic)."""
    flag = Flag.objects.filter(pk=flag_id).first()
    if flag is None or flag.content_type.model_class() is not Post:
        return None
    post = Post.objects.select_related("topic__community").filter(pk=flag.object_id).first()
    if post is None:
        return None
    current = ModerationSettings.current()
    topic = post.topic
    for target_id in targets_of(post):
        members = piling_members(
            target_id=target_id, topic=topic, around=post.created_at, minutes=current.pile_on_minutes
        )
        if len(members) >= current.pile_on_members:
            return _raise_alarm(topic=topic, target_id=target_id, members=members, settings_=current)
    return None


def _raise_alarm(*, topic: Topic, target_id: int, members: set[int], settings_: ModerationSettings) -> ReviewItem:
    topic_type = ContentType.objects.get_for_model(Topic)
    existing = ReviewItem.objects.filter(
        content_type=topic_type, object_id=topic.pk, status=ItemStatus.OPEN, kind=ItemKind.PILE_ON
    ).first()
    if existing is not None:
        return existing
    from practica.accounts.models import User

    target = User.objects.filter(pk=target_id).first()
    until = timezone.now() + timedelta(hours=settings_.slow_mode_hours)
    item = queue.open_item(
        kind=ItemKind.PILE_ON,
        target=topic,
        community=topic.community,
        author=None,
        snapshot={
            "title": topic.title,
            "text": _("%(count)s members replied to or mentioned %(name)s in flagged posts within %(minutes)s minutes.")
            % {
                "count": len(members),
                "name": target.display_name if target else _("a member"),
                "minutes": settings_.pile_on_minutes,
            },
            "target_id": target_id,
            "member_ids": sorted(members),
        },
    )
    before = {"slow_mode_minutes": topic.slow_mode_minutes, "slow_mode_until": _iso(topic.slow_mode_until)}
    if safety.set_slow_mode(topic=topic, minutes=settings_.slow_mode_minutes, until=until):
        queue.record_action(
            actor=None,
            action=ActionKind.SLOW_MODE,
            item=item,
            target=topic,
            reason=_("Pile-on signal: slow mode for %(hours)s hours") % {"hours": settings_.slow_mode_hours},
            before=before,
            after={"slow_mode_minutes": topic.slow_mode_minutes, "slow_mode_until": _iso(topic.slow_mode_until)},
        )
    # Title and link only: the topic may be in a closed community, whose text never travels by e-mail.
    enqueue_email(
        key=f"moderation-pile-on:{item.pk}",
        to=settings.LEAD_EMAIL,
        subject=_("Possible pile-on: a topic is now in slow mode"),
        text="\n".join(
            [
                _(
                    "%(count)s members replied to or mentioned one member within %(minutes)s minutes, in posts "
                    "that drew flags. The topic is in slow mode (one post per member every %(slow)s minutes) "
                    "for %(hours)s hours."
                )
                % {
                    "count": len(members),
                    "minutes": settings_.pile_on_minutes,
                    "slow": settings_.slow_mode_minutes,
                    "hours": settings_.slow_mode_hours,
                },
                "",
                _("Review it in the queue:"),
                absolute(item_url(item)),
            ]
        ),
        category="moderation",
    )
    return item


def _iso(value) -> str | None:
    return value.isoformat() if value else None
