"""Reads for discussion pages, each with the prefetches and annotations that keep its query count fixed."""

from django.core.paginator import Paginator
from django.db.models import Exists, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from practica.accounts.models import Block
from practica.communities.models import Community
from practica.communities.permissions import readable_communities
from practica.discussions.models import (
    Bookmark,
    Draft,
    Like,
    Poll,
    PollVote,
    Post,
    PostAttachment,
    ReadState,
    ResearchCall,
    Topic,
)

TOPICS_PER_PAGE = 30
POSTS_PER_PAGE = 20
MAX_PAGE = 500


class CountedPaginator(Paginator):
    """A paginator told the total up front (a denormalised counter), so it never runs COUNT(*)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


# Whether a topic row shows its "N new" count: every topic, unless a higher app decides (notifications: only
# the topics the member tracks or watches). A function (user) -> a boolean expression over Topic rows, so the
# decision costs no query of its own.
_unread_count_shown = None


def register_unread_count_rule(rule) -> None:
    global _unread_count_shown
    _unread_count_shown = rule


def _with_read_state(queryset, user):
    last_read = ReadState.objects.filter(topic=OuterRef("pk"), user=user).values("last_read_number")[:1]
    queryset = queryset.annotate(viewer_last_read=Coalesce(Subquery(last_read, output_field=IntegerField()), Value(-1)))
    if _unread_count_shown is not None and getattr(user, "is_authenticated", False):
        queryset = queryset.annotate(viewer_counts_unread=_unread_count_shown(user))
    return queryset


def topics_for_list(user, queryset):
    """Topic rows with author, last poster, tags and the viewer's read position."""
    return (
        _with_read_state(queryset, user).select_related("author", "last_poster", "community").prefetch_related("tags")
    )


def with_unread_counts(topics) -> list:
    """Topic rows (annotated `viewer_last_read`, -1 when never opened) with `is_new` and `unread_count` set.

    A topic never opened is "new"; otherwise the unread count is the post numbers after the last one read
    (an upper bound when posts were deleted, which is what readers expect from "N new"), shown only where the
    registered rule allows (see `register_unread_count_rule`).
    """
    topics = list(topics)
    for topic in topics:
        topic.is_new = topic.viewer_last_read < 0
        counted = not topic.is_new and getattr(topic, "viewer_counts_unread", True)
        topic.unread_count = max(topic.next_post_number - 1 - topic.viewer_last_read, 0) if counted else 0
    return topics


def list_community_topics(user, community: Community, *, kind: str = "", tag: str = "", unread: bool = False):
    """A community's topics: pinned first, then by latest activity."""
    queryset = Topic.objects.visible_to(user).filter(community=community)
    if kind:
        queryset = queryset.filter(kind=kind)
    if tag:
        queryset = queryset.filter(tags__name=tag)
    queryset = topics_for_list(user, queryset)
    if unread:
        queryset = queryset.filter(viewer_last_read__lt=models_next_minus_one())
    # Explicit NULLS placement: SQLite and PostgreSQL sort NULLs at opposite ends by default.
    return queryset.order_by(
        F("archived_at").asc(nulls_first=True),
        F("pinned_at").desc(nulls_last=True),
        F("last_posted_at").desc(nulls_last=True),
        "-pk",
    )


def models_next_minus_one():
    from django.db.models import F

    return F("next_post_number") - 1


def latest_topics_for(user, *, limit: int = 10):
    """Latest topics across the communities the member belongs to (for the home page)."""
    mine = Community.objects.filter(memberships__user=user)
    queryset = Topic.objects.visible_to(user).filter(community__in=mine, archived_at__isnull=True)
    return topics_for_list(user, queryset).order_by("-last_posted_at", "-pk")[:limit]


def site_pinned_topics(user, *, limit: int = 5):
    queryset = Topic.objects.visible_to(user).filter(pinned_site_wide=True, archived_at__isnull=True)
    return queryset.select_related("community").order_by("-pinned_at")[:limit]


def get_topic_for(user, pk: int) -> Topic:
    """A topic the user may see, or 404 exactly as if it did not exist. Merged topics lead to their target."""
    topic = get_object_or_404(
        Topic.objects.select_related("community", "author", "linked_from__topic", "accepted_answer"), pk=pk
    )
    if topic.merged_into_id is not None:
        target = Topic.objects.filter(pk=topic.merged_into_id).visible_to(user).first()
        if target is None:
            raise Http404
        return target
    if not Topic.objects.filter(pk=topic.pk).visible_to(user).exists():
        raise Http404
    return topic


def posts_page(user, topic: Topic, page_number):
    """One page of a topic's posts, with everything a post's template needs in a fixed number of queries."""
    liked = Like.objects.filter(post=OuterRef("pk"), user=user)
    bookmarked = Bookmark.objects.filter(post=OuterRef("pk"), user=user)
    # Posts by members the viewer blocked are collapsed for the viewer only (the author sees nothing different).
    blocked = Block.objects.filter(blocker=user, blocked=OuterRef("author_id"))
    posts = (
        Post.objects.filter(topic=topic, deleted_at__isnull=True)
        .select_related("author", "reply_to")
        .annotate(
            viewer_liked=Exists(liked), viewer_bookmarked=Exists(bookmarked), viewer_blocked_author=Exists(blocked)
        )
        # Continuations may live in a community the reader cannot see (channel 15): only visible ones.
        .prefetch_related(
            Prefetch("linked_topics", queryset=Topic.objects.visible_to(user).order_by("created_at", "pk")),
            # Shown only where the post's content is (templates/_post.html decides, as for its text).
            Prefetch("attachments", queryset=PostAttachment.objects.order_by("pk")),
        )
        .order_by("number")
    )
    # Posts held for review (pre-moderation, services/safety.py) are not in the topic's counter: only their
    # author and the topic's moderators see them, and for those readers the page count includes them. The
    # query runs only when the numbers show a gap (a held or deleted post).
    count = topic.post_count
    if topic.next_post_number - 1 > topic.post_count:
        from practica.discussions.permissions import can_moderate_topic

        if not can_moderate_topic(user, topic):
            posts = posts.filter(Q(awaiting_review=False) | Q(author_id=user.pk))
        count += posts.filter(awaiting_review=True).count()
    paginator = CountedPaginator(posts, POSTS_PER_PAGE, count=count)
    return paginator.get_page(min(_page_int(page_number), MAX_PAGE))


def get_attachment_for(user, pk: int) -> PostAttachment:
    """An attachment whose post the reader sees with its content (not a hidden, held, removed or deleted post of
    someone else's), or 404 exactly as if it did not exist."""
    from practica.discussions.permissions import can_see_post_content

    attachment = PostAttachment.objects.visible_to(user).select_related("post__topic__community").filter(pk=pk).first()
    if attachment is None or not can_see_post_content(user, attachment.post):
        raise Http404
    return attachment


def page_of_post(topic: Topic, number: int) -> int:
    """Which page holds post `number` (posts are numbered with gaps after deletions, so count the ones before)."""
    before = Post.objects.filter(topic=topic, deleted_at__isnull=True, number__lt=number).count()
    return before // POSTS_PER_PAGE + 1


def first_unread_number(user, topic: Topic) -> int | None:
    state = ReadState.objects.filter(user=user, topic=topic).values_list("last_read_number", flat=True).first()
    if state is None:
        return None
    return (
        Post.objects.filter(topic=topic, deleted_at__isnull=True, number__gt=state)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )


def poll_for(user, topic: Topic):
    """The topic's poll with its options and the viewer's own votes, or None."""
    poll = Poll.objects.filter(topic=topic).prefetch_related("options").first()
    if poll is None:
        return None
    poll.viewer_option_ids = set(PollVote.objects.filter(poll=poll, user=user).values_list("option_id", flat=True))
    return poll


def list_research_calls(user, *, archived: bool = False):
    """Research calls across every community the reader can see."""
    topics = Topic.objects.visible_to(user)
    queryset = ResearchCall.objects.filter(topic__in=topics, archived_at__isnull=not archived)
    queryset = queryset.select_related("topic__community", "topic__author")
    return queryset.order_by("-closes_on" if archived else "closes_on")


def list_bookmarks(user):
    visible_posts = Post.objects.visible_to(user)
    return (
        Bookmark.objects.filter(user=user, post__in=visible_posts)
        .select_related("post__topic__community", "post__author")
        .order_by("-created_at")
    )


def list_community_tags(user, community: Community, *, limit: int = 100):
    """Tags used on the topics the user can see in a community (for the topic list's filter)."""
    from practica.discussions.models import Tag

    topics = Topic.objects.visible_to(user).filter(community=community)
    return Tag.objects.filter(topics__in=topics).distinct().order_by("name")[:limit]


def list_post_likers(post: Post):
    """Who liked a post (the caller has checked the post is visible), oldest like first."""
    return Like.objects.filter(post=post).select_related("user").order_by("created_at", "pk")


def poll_voters(poll: Poll) -> dict[int, list]:
    """For polls with public voters: option id -> the people who chose it, in one query."""
    voters: dict[int, list] = {}
    for vote in PollVote.objects.filter(poll=poll).select_related("user").order_by("created_at", "pk"):
        voters.setdefault(vote.option_id, []).append(vote.user)
    return voters


def list_drafts(user):
    readable = readable_communities(user, Community.objects.all())
    return (
        Draft.objects.filter(user=user, community__in=readable)
        .select_related("community", "topic")
        .order_by("-updated_at")
    )


def due_bookmark_reminders(now=None):
    return Bookmark.objects.filter(remind_at__lte=now or timezone.now(), reminded_at__isnull=True)


def mentionable_members(user, topic_or_community, query: str, *, limit: int = 8):
    """Members who may see the place, for @mention suggestions (never anyone who could not read it)."""
    from practica.accounts.models import User
    from practica.communities.models import CommunityMember

    community = getattr(topic_or_community, "community", topic_or_community)
    # Never suggest people who blocked the searcher (they could not be reached, and must not be told why).
    people = (
        User.objects.visible_to(user)
        .exclude(handle=None)
        .exclude(pk__in=Block.objects.filter(blocked=user).values("blocker"))
    )
    if community.is_closed:
        people = people.filter(
            Q(pk__in=CommunityMember.objects.filter(community=community).values("user"))
            | Q(role__in=["staff", "admin"])
        )
    query = query.strip().lstrip("@")
    if query:
        people = people.filter(Q(handle__istartswith=query) | Q(display_name__icontains=query))
    return people.order_by("display_name")[:limit]


def _page_int(value) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1
