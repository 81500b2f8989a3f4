"""Keeping the index in step with discussions and the library. Each handler re-reads the thing and makes the
index agree with it (indexing.py), so it is safe to run twice, late, or out of order."""

from practica.core.events import subscribes
from practica.search import indexing
from practica.search.choices import DocumentKind


@subscribes("post.created")
@subscribes("post.edited")
@subscribes("post.moderator_edited")
@subscribes("post.deleted")
@subscribes("post.hidden")
@subscribes("post.unhidden")
@subscribes("post.removed")
@subscribes("post.held_for_review")
@subscribes("post.liked")
@subscribes("post.unliked")
def reindex_post(*, post_id: int, **_) -> None:
    indexing.index_post(post_id)


@subscribes("topic.created")
@subscribes("topic.moved")
@subscribes("topic.answer_accepted")
@subscribes("topic.linked")
@subscribes("topic.split")
def reindex_topic(*, topic_id: int, **_) -> None:
    indexing.index_topic(topic_id)


@subscribes("topic.merged")
def reindex_merged_topics(*, topic_id: int, source_topic_id: int, **_) -> None:
    """The merged posts now belong to `topic_id`; the source keeps no document of its own."""
    indexing.index_topic(topic_id)
    indexing.index_topic(source_topic_id)


@subscribes("library.item_created")
@subscribes("library.item_edited")
@subscribes("library.item_hidden")
@subscribes("library.item_unhidden")
@subscribes("library.item_removed")
@subscribes("library.version_added")
def reindex_library_item(*, item_id: int, **_) -> None:
    indexing.index_library_item(item_id)


@subscribes("moderation.content_removed")
def purge_removed(*, target: str, target_id: int, **_) -> None:
    """Removed completely: the text leaves the index at once, whatever the content app's own event does."""
    if target == "discussions.post":
        indexing.remove(DocumentKind.POST, target_id)
        indexing.index_post(target_id)
    elif target == "library.libraryitem":
        indexing.remove(DocumentKind.LIBRARY_ITEM, target_id)
        indexing.index_library_item(target_id)
