"""Advertising pre-moderation, moderation's side: the words and domains discussions holds posts for, the queue
item a held post opens, and approving or rejecting it."""

from django.db import transaction
from django.utils.translation import gettext as _

from practica.discussions.models import Post
from practica.discussions.services import safety
from practica.moderation.choices import ActionKind, ItemKind, Resolution
from practica.moderation.models import ModerationSettings, ReviewItem
from practica.moderation.permissions import can_take_action, check
from practica.moderation.services import queue
from practica.moderation.services.settings import lines_of
from practica.moderation.targets import adapter_for


def hold_rules() -> safety.HoldRules:
    """The current words and domains (registered with discussions by this app's ready())."""
    current = ModerationSettings.current()
    return safety.HoldRules(
        words=tuple(lines_of(current.advertising_words)), domains=tuple(lines_of(current.advertising_domains))
    )


@transaction.atomic
def open_premoderation_item(*, post_id: int) -> ReviewItem | None:
    """A post was held for review: put it in the queue (once, however often the event is delivered)."""
    post = Post.objects.select_related("topic__community", "author").filter(pk=post_id, awaiting_review=True).first()
    if post is None:
        return None
    adapter = adapter_for(post)
    snapshot = adapter.describe(post) if adapter is not None else {"title": post.topic.title, "text": post.body}
    return queue.open_item(
        kind=ItemKind.PRE_MODERATION, target=post, community=post.topic.community, author=post.author, snapshot=snapshot
    )


def held_post_of(item: ReviewItem) -> Post | None:
    if item.object_id is None:
        return None
    return Post.objects.select_related("topic__community", "author").filter(pk=item.object_id).first()


@transaction.atomic
def approve_held_post(*, actor, item: ReviewItem, note: str = "") -> ReviewItem:
    """The held post appears for everyone and is counted. A second try gets AlreadyResolved."""
    check(can_take_action(actor, item, ActionKind.APPROVE), _("You cannot approve posts here."))
    item = queue.resolve(item, actor=actor, resolution=Resolution.APPROVED, note=note)
    post = held_post_of(item)
    if post is not None:
        safety.release_held_post(post=post)
    queue.record_action(
        actor=actor,
        action=ActionKind.APPROVE,
        item=item,
        subject=item.author,
        target=post,
        reason=note,
        before={"awaiting_review": True},
        after={"awaiting_review": False},
    )
    return item


@transaction.atomic
def reject_held_post(*, actor, item: ReviewItem, note: str = "") -> ReviewItem:
    """The held post is deleted and its author told why, in a private message from the team."""
    check(can_take_action(actor, item, ActionKind.REJECT), _("You cannot reject posts here."))
    item = queue.resolve(item, actor=actor, resolution=Resolution.REJECTED, note=note)
    post = held_post_of(item)
    topic_title = post.topic.title if post is not None else item.snapshot.get("title", "")
    queue.record_action(
        actor=actor,
        action=ActionKind.REJECT,
        item=item,
        subject=item.author,
        target=post,
        reason=note,
        before={"awaiting_review": True},
        after={"deleted": True},
    )
    if post is not None:
        safety.reject_held_post(post=post)
    if item.author_id:
        from practica.core import events

        paragraphs = [
            _("Hello %(name)s,") % {"name": item.author.display_name},
            _("Your post in “%(title)s” was held for review and a moderator decided not to publish it.")
            % {"title": topic_title},
            _(
                "The Communities of Practice do not allow advertisements or other income-generating activities. "
                "If you think this was a mistake, reply to this message."
            ),
        ]
        if note.strip():
            paragraphs.append(_("The moderator's note: %(note)s") % {"note": note.strip()})
        paragraphs.append(_("With best wishes,\nthe Communities of Practice team"))
        events.publish(
            "moderation.message",
            recipient_id=item.author_id,
            sender_id=None,
            subject=_("Your post was not published"),
            body="\n\n".join(paragraphs),
            review_item_id=item.pk,
        )
    return item
