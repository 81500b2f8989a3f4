"""Who may see and do what in discussions. Everything here starts from the communities' own rules:
a topic is visible exactly when its community is readable (communities.permissions.readable_communities).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.communities.permissions import can_lead, can_read_community, is_member, readable_communities


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def visible_topics(user, queryset: QuerySet) -> QuerySet:
    """Topics in communities the user may read; topics merged into another are reached through it."""
    return queryset.filter(community__in=readable_communities(user, Community.objects.all()), merged_into__isnull=True)


def visible_posts(user, queryset: QuerySet) -> QuerySet:
    """Posts the user may read: in visible topics, not deleted."""
    from practica.discussions.models import Topic

    return queryset.filter(topic__in=visible_topics(user, Topic.objects.all()), deleted_at__isnull=True)


def can_view_topic(user, topic) -> bool:
    return _signed_in(user) and topic.merged_into_id is None and can_read_community(user, topic.community)


def can_post_in(user, community) -> bool:
    """Members of a community (and staff) start topics and reply in it, while it is active."""
    if not _signed_in(user) or community.is_archived:
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
