"""Moderation's reactions to what happens below it (practica.core.events)."""

from practica.core.events import subscribes


@subscribes("post.edited")
def unhide_edited_post(*, post_id: int, **_payload) -> None:
    """An author's edit un-hides their hidden post (the guidelines' promise) and sends it back to the queue."""
    from practica.discussions.models import Post
    from practica.moderation.services.flags import unhide_after_author_edit

    post = Post.objects.filter(pk=post_id, hidden_at__isnull=False, removed_at__isnull=True).first()
    if post is not None:
        unhide_after_author_edit(target=post)
