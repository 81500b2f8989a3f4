"""Reactions to other apps' events: posts that link to library items become "discussed in" back-links."""

from practica.core.events import subscribes
from practica.library.services.mentions import forget_post, sync_post_mentions


@subscribes("post.created")
@subscribes("post.edited")
@subscribes("post.moderator_edited")
@subscribes("post.held_for_review")
def record_item_links(*, post_id: int, **_payload) -> None:
    sync_post_mentions(post_id=post_id)


@subscribes("post.deleted")
@subscribes("post.removed")
def forget_item_links(*, post_id: int, **_payload) -> None:
    forget_post(post_id=post_id)
