"""Who may see and do what in discussions. Everything here starts from the communities' own rules:
a topic is visible exactly when its community is readable (communities.permissions.readable_communities).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.communities.permissions import can_lead, can_read_community, is_member, readable_communities


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def visible_topics(user, queryset: QuerySet) -> QuerySet:
    """Topics in communities the user may read; topics merged into another are reached through it. A topic
    whose opening post is held for review (pre-moderation) is seen only by its author and moderators."""
    from practica.discussions.models import Post

    queryset = queryset.filter(
        community__in=readable_communities(user, Community.objects.all()), merged_into__isnull=True
    )
    if _signed_in(user) and user.is_moderator:
        return queryset
    held_opening = Post.objects.filter(topic=OuterRef("pk"), number=1, awaiting_review=True)
    if _signed_in(user):
        return queryset.filter(~Exists(held_opening) | Q(author=user))
    return queryset.filter(~Exists(held_opening))


def visible_posts(user, queryset: QuerySet) -> QuerySet:
    """Posts the user may read: in visible topics, not deleted."""
    from practica.discussions.models import Topic

    return queryset.filter(topic__in=visible_topics(user, Topic.objects.all()), deleted_at__isnull=True)


def can_view_topic(user, topic) -> bool:
    if not (_signed_in(user) and topic.merged_into_id is None and can_read_community(user, topic.community)):
        return False
    if topic.author_id == user.pk or user.is_moderator or topic.post_count > 0:
        return True
    # Only a topic with no counted post can be held: ask about its opening post only then.
    return not topic.posts.filter(number=1, awaiting_review=True).exists()


def can_post_in(user, community) -> bool:
    """Members of a community (and staff) start topics and reply in it, while it is active and they are not
    silenced by a moderator."""
    if not _signed_in(user) or community.is_archived or user.is_silenced():
        return False
    return user.is_lead or is_member(user, community)


def postable_communities(user, queryset: QuerySet) -> QuerySet:
    """The communities `can_post_in` allows, as a queryset (the community chooser of a linked topic)."""
    from practica.communities.choices import CommunityStatus

    if not _signed_in(user):
        return queryset.none()
    queryset = queryset.filter(status=CommunityStatus.ACTIVE)
    if user.is_lead:
        return queryset
    return queryset.filter(memberships__user=user)


def can_reply(user, topic) -> bool:
    return can_post_in(user, topic.community) and not topic.is_closed and not topic.is_archived


def can_edit_post(user, post) -> bool:
    """Authors edit their own posts while they may still post in the community."""
    return (
        _signed_in(user)
        and post.author_id == user.pk
        and post.deleted_at is None
        and can_post_in(user, post.topic.community)
        and not post.topic.is_archived
    )


def can_delete_post(user, post) -> bool:
    """Authors delete their own posts; champions and moderators any post (the opening post goes with its topic)."""
    return (
        _signed_in(user)
        and post.deleted_at is None
        and (post.author_id == user.pk or can_moderate_topic(user, post.topic))
    )


def can_moderate_topic(user, topic) -> bool:
    """Champions of the community, site moderators and staff: pin, close, archive, move, split, merge."""
    if not _signed_in(user):
        return False
    return user.is_moderator or can_lead(user, topic.community)


def can_see_hidden_post(user, post) -> bool:
    """Who sees a hidden or held post as posted (dimmed, behind "View hidden content"): the community's
    champions, moderators and staff. The author sees their own post with a notice instead."""
    return can_moderate_topic(user, post.topic)


def post_text_may_travel(post) -> bool:
    """Whether a post's text may be shown away from its own place in the topic (quotes, excerpts, previews,
    notifications, e-mails, search). Never for a hidden, held, removed or deleted post, whoever asks: its
    placeholder on the topic page is the only place it appears (to those allowed to see it there)."""
    return post.hidden_at is None and not post.awaiting_review and post.removed_at is None and post.deleted_at is None


def can_see_post_content(user, post) -> bool:
    """Whether the reader sees a post's own content (its text and attachments) on the topic page, for a post
    already visible to them: everyone for an ordinary post; for a hidden or held post only its author, the
    community's champions, moderators and staff; for a removed post no one."""
    if post.removed_at is not None or post.deleted_at is not None:
        return False
    if post.hidden_at is None and not post.awaiting_review:
        return True
    return _signed_in(user) and (post.author_id == user.pk or can_see_hidden_post(user, post))


def visible_attachments(user, queryset: QuerySet) -> QuerySet:
    """Attachments of posts the user may read. A hidden or held post's attachments need can_see_post_content
    too (they follow the post's text), which views ask of the one attachment they serve."""
    from practica.discussions.models import Post

    return queryset.filter(post__in=visible_posts(user, Post.objects.all()), post__removed_at__isnull=True)


def can_see_attachment(user, attachment) -> bool:
    """The check other apps ask through core.visibility: the post is visible and its content shown to them."""
    post = attachment.post
    return can_see_post(user, post) and can_see_post_content(user, post)


def can_see_post(user, post) -> bool:
    """The visibility check other apps ask through core.visibility (notifications, moderation, search)."""
    return post.deleted_at is None and can_view_topic(user, post.topic)


def can_see_post_text(user, post) -> bool:
    return post_text_may_travel(post)


def can_see_topic_text(user, topic) -> bool:
    """A topic's text away from its page is its opening post's."""
    from practica.discussions.models import Post

    opening = Post.objects.filter(topic=topic, number=1).only(
        "hidden_at", "awaiting_review", "removed_at", "deleted_at"
    )
    opening = opening.first()
    return opening is None or post_text_may_travel(opening)


def can_view_history(user, post) -> bool:
    """Edit history is for the author and moderators; everyone else sees only that it was edited."""
    return _signed_in(user) and (post.author_id == user.pk or can_moderate_topic(user, post.topic))


def can_accept_answer(user, topic) -> bool:
    return (
        _signed_in(user)
        and topic.kind == "question"
        and (topic.author_id == user.pk or can_lead(user, topic.community))
        and not topic.is_archived
    )


def can_like(user, post) -> bool:
    return (
        _signed_in(user) and can_view_topic(user, post.topic) and post.author_id != user.pk and post.deleted_at is None
    )


def can_vote(user, poll) -> bool:
    return can_post_in(user, poll.topic.community) and can_view_topic(user, poll.topic)


def can_pin_site_wide(user) -> bool:
    return _signed_in(user) and user.is_lead


def check(allowed: bool, reason: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(reason or _("You do not have permission to do this."))
