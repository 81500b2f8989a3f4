"""Keeping the search index in step with the content: one document per post and per library item.

Every function here looks at the thing as it is now and makes the index agree: a post whose text may travel
(practica.discussions.permissions.post_text_may_travel) is written; a hidden, held, removed or deleted one is
taken out. So each handler is the same call whatever the event, safe to run twice and in any order.
"""

import html
import logging
import re
import time

from django.db import transaction
from django.utils.html import strip_tags

from practica.discussions.models import Post, Topic
from practica.discussions.permissions import post_text_may_travel
from practica.library.models import LibraryItem
from practica.library.permissions import can_show_item_text
from practica.search.backends.base import MARK_END, MARK_START
from practica.search.choices import DocumentKind
from practica.search.models import SearchDocument

logger = logging.getLogger(__name__)

_SPACES = re.compile(r"\s+")
REBUILD_BATCH = 2000


def plain_text(markup: str) -> str:
    """Rendered HTML to the words a reader sees, without the snippet markers (see backends.base)."""
    text = html.unescape(strip_tags(markup or ""))
    return _SPACES.sub(" ", text.replace(MARK_START, "").replace(MARK_END, "")).strip()


def _clean(text: str) -> str:
    return _SPACES.sub(" ", (text or "").replace(MARK_START, "").replace(MARK_END, "")).strip()


def _tag_fields(names: list[str]) -> dict:
    names = sorted(names)
    return {"tags": " ".join(names), "tag_list": ("|" + "|".join(names) + "|") if names else ""}


def post_document(post: Post, tag_names: list[str] | None = None) -> SearchDocument | None:
    """The document for a post, or None when it must not be in the index."""
    topic = post.topic
    if not post_text_may_travel(post) or topic.merged_into_id is not None:
        return None
    if tag_names is None:
        tag_names = [tag.name for tag in topic.tags.all()]
    opening = post.number == 1
    return SearchDocument(
        kind=DocumentKind.POST,
        object_id=post.pk,
        community_id=topic.community_id,
        topic_id=topic.pk,
        author_id=post.author_id,
        title=_clean(topic.title) if opening else "",
        body=plain_text(post.body_html),
        subtype=topic.kind,
        created_at=post.created_at,
        like_count=post.like_count,
        answered=opening and topic.accepted_answer_id is not None,
        is_accepted_answer=topic.accepted_answer_id == post.pk,
        **(_tag_fields(tag_names) if opening else {"tags": "", "tag_list": _tag_fields(tag_names)["tag_list"]}),
    )


def library_document(item: LibraryItem) -> SearchDocument | None:
    if not can_show_item_text(None, item):
        return None
    text = " ".join(part for part in (item.description, item.author_or_source) if part)
    return SearchDocument(
        kind=DocumentKind.LIBRARY_ITEM,
        object_id=item.pk,
        community_id=item.community_id,
        topic_id=None,
        author_id=item.created_by_id,
        title=_clean(item.title),
        body=_clean(text),
        subtype=item.resource_type,
        created_at=item.created_at,
        like_count=item.like_count,
        **_tag_fields([tag.name for tag in item.tags.all()]),
    )


_FIELDS = [f.name for f in SearchDocument._meta.concrete_fields if f.name not in {"id", "kind", "object_id"}]


def _store(kind: str, object_id: int, document: SearchDocument | None) -> bool:
    if document is None:
        SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
        return False
    values = {name: getattr(document, name) for name in _FIELDS}
    SearchDocument.objects.update_or_create(kind=kind, object_id=object_id, defaults=values)
    return True


@transaction.atomic
def index_post(post_id: int) -> bool:
    """Bring one post's document up to date; True when the post is (now) in the index."""
    post = Post.objects.select_related("topic").filter(pk=post_id).first()
    return _store(DocumentKind.POST, post_id, post_document(post) if post else None)


@transaction.atomic
def index_topic(topic_id: int) -> int:
    """Every post of a topic (after a move, a merge, an accepted answer, a new title)."""
    topic = Topic.objects.filter(pk=topic_id).prefetch_related("tags").first()
    if topic is None:
        SearchDocument.objects.filter(kind=DocumentKind.POST, topic_id=topic_id).delete()
        return 0
    tag_names = [tag.name for tag in topic.tags.all()]
    indexed = 0
    for post in Post.objects.filter(topic=topic).iterator(chunk_size=REBUILD_BATCH):
        post.topic = topic
        indexed += _store(DocumentKind.POST, post.pk, post_document(post, tag_names))
    # Posts that left the topic (a split) are indexed again under their new topic by their own event.
    return indexed


@transaction.atomic
def index_library_item(item_id: int) -> bool:
    item = LibraryItem.objects.filter(pk=item_id).prefetch_related("tags").first()
    return _store(DocumentKind.LIBRARY_ITEM, item_id, library_document(item) if item else None)


def remove(kind: str, object_id: int) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


def rebuild(*, stdout=None) -> dict:
    """Recreate the whole index from the content (the `practica search-rebuild` command, the benchmark)."""
    started = time.perf_counter()
    counts = {"posts": 0, "library": 0}
    with transaction.atomic():
        SearchDocument.objects.all().delete()
    topics_tags: dict[int, list[str]] = {}
    posts = (
        Post.objects.filter(deleted_at__isnull=True, removed_at__isnull=True, hidden_at__isnull=True)
        .filter(awaiting_review=False, topic__merged_into__isnull=True)
        .select_related("topic")
        .order_by("pk")
    )
    last_pk = 0
    while True:
        batch = list(posts.filter(pk__gt=last_pk)[:REBUILD_BATCH])
        if not batch:
            break
        last_pk = batch[-1].pk
        missing = {post.topic_id for post in batch} - topics_tags.keys()
        if missing:
            for topic_id in missing:
                topics_tags[topic_id] = []
            for topic_id, name in Topic.tags.through.objects.filter(topic_id__in=missing).values_list(
                "topic_id", "tag__name"
            ):
                topics_tags[topic_id].append(name)
        documents = [post_document(post, topics_tags[post.topic_id]) for post in batch]
        with transaction.atomic():
            SearchDocument.objects.bulk_create([d for d in documents if d is not None])
        counts["posts"] += sum(d is not None for d in documents)
        if len(topics_tags) > 50_000:
            topics_tags.clear()
        if stdout is not None and counts["posts"] % 100_000 < REBUILD_BATCH:
            stdout.write(f"  {counts['posts']} posts indexed")
    items = LibraryItem.objects.filter(removed_at__isnull=True, hidden_at__isnull=True).prefetch_related("tags")
    documents = [library_document(item) for item in items.iterator(chunk_size=REBUILD_BATCH)]
    with transaction.atomic():
        SearchDocument.objects.bulk_create([d for d in documents if d is not None], batch_size=REBUILD_BATCH)
    counts["library"] = sum(d is not None for d in documents)
    counts["seconds"] = round(time.perf_counter() - started, 2)
    logger.info("search index rebuilt: %(posts)s posts, %(library)s library items", counts)
    return counts
