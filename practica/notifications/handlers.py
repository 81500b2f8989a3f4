"""Reactions to what happens in the apps below: each turns an event into notifications (services.activity),
reloads what it needs from ids, and is safe to run twice."""

from practica.core.events import subscribes
from practica.notifications.services import activity, reading
from practica.notifications.services.external import notify_from_event


@subscribes("post.created")
def post_created(*, post_id: int, **_ignored) -> None:
    activity.notify_new_post(post_id)


@subscribes("post.edited")
@subscribes("post.moderator_edited")
def post_edited(*, post_id: int, **_ignored) -> None:
    activity.notify_edited_post(post_id)


@subscribes("post.deleted")
@subscribes("post.hidden")
@subscribes("post.unhidden")
def post_visibility_changed(*, post_id: int, **_ignored) -> None:
    """Hidden or deleted posts' text leaves every notification; un-hidden posts get it back."""
    from practica.discussions.models import Post

    post = Post.objects.filter(pk=post_id).first()
    if post is not None:
        activity.refresh_excerpts(post)


@subscribes("moderation.content_removed")
def content_removed(*, target: str, target_id: int, **_ignored) -> None:
    activity.forget_removed_text(target, target_id)


@subscribes("post.liked")
def post_liked(*, post_id: int, user_id: int, **_ignored) -> None:
    activity.notify_like(post_id, user_id)


@subscribes("topic.linked")
def topic_linked(*, topic_id: int, from_post_id: int, **_ignored) -> None:
    activity.notify_linked_topic(topic_id, from_post_id)


@subscribes("topic.moved")
def topic_moved(*, topic_id: int, **_ignored) -> None:
    activity.follow_moved_topic(topic_id)


@subscribes("community.join_request_decided")
def join_request_decided(*, join_request_id: int, **_ignored) -> None:
    activity.notify_join_request_decided(join_request_id)


@subscribes("community.proposal_status_changed")
def proposal_status_changed(*, proposal_id: int, **_ignored) -> None:
    activity.notify_proposal_status(proposal_id)


@subscribes("community.member_left")
@subscribes("community.member_removed")
def member_left(*, community_id: int, user_id: int, **_ignored) -> None:
    activity.forget_former_member(community_id, user_id)


@subscribes("conversation.read")
def conversation_read(*, conversation_id: int, user_id: int, up_to_message_id: int | None = None, **_ignored) -> None:
    reading.mark_conversation_read(user_id=user_id, conversation_id=conversation_id, up_to_message_id=up_to_message_id)


@subscribes("notify")
def notify(**payload) -> None:
    notify_from_event(**payload)
