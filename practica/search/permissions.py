"""Who may search what, and who may change search settings: the one place these rules live.

Search shows only what the reader could open, and only text that may travel away from its page:
- the index is asked only about communities the reader may read (communities.permissions.readable_communities);
- every hit on a page is then checked again through the owning app's own rules (Post.objects.visible_to,
  LibraryItem.objects.visible_to) and its "may this text travel" rule, so a stale index hides, never leaks;
- meetings, experts and members are searched directly in their apps' visible querysets;
- a confidential community's results show titles only, never snippets (SearchPolicy).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.communities.permissions import can_lead, readable_communities
from practica.discussions.models import Post, Topic
from practica.discussions.permissions import post_text_may_travel
from practica.library.models import LibraryItem
from practica.library.permissions import can_show_item_text


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_search(user) -> bool:
    return _signed_in(user)


def readable_community_ids(user) -> list[int] | None:
    """The communities whose content the index may return to this reader; None means all (staff)."""
    if not _signed_in(user):
        return []
    if user.is_lead:
        return None
    return list(readable_communities(user, Community.objects.all()).values_list("pk", flat=True))


def visible_posts_among(user, post_ids: list[int]) -> list:
    """The posts of a result page the reader may open and whose text may travel (hidden, held, removed and
    deleted posts never appear in search, whoever asks), with their topic, community and author.

    Two small queries rather than Post.objects.visible_to(...).filter(pk__in=...): the topics' rule
    (discussions.permissions.visible_topics) is asked about these posts' topics only, which keeps it cheap on
    a large site; visible_posts adds nothing to it but "not deleted", which post_text_may_travel includes."""
    posts = list(Post.objects.filter(pk__in=post_ids).select_related("topic__community", "author"))
    if not posts:
        return []
    topics = Topic.objects.visible_to(user).filter(pk__in={post.topic_id for post in posts})
    readable_topics = set(topics.values_list("pk", flat=True))
    return [post for post in posts if post.topic_id in readable_topics and post_text_may_travel(post)]


def suggestible_topics(user) -> QuerySet:
    """Topics whose titles may be suggested as the reader types: visible to them, and with an opening post whose
    text may travel (a topic opened by a hidden, held or removed post is not offered by its title)."""
    travelling_opening = Post.objects.filter(
        topic=OuterRef("pk"),
        number=1,
        hidden_at__isnull=True,
        awaiting_review=False,
        removed_at__isnull=True,
        deleted_at__isnull=True,
    )
    return Topic.objects.visible_to(user).filter(Exists(travelling_opening))


def visible_items_among(user, item_ids: list[int]) -> QuerySet:
    return LibraryItem.objects.visible_to(user).filter(pk__in=item_ids, hidden_at__isnull=True)


def item_may_appear(user, item) -> bool:
    return can_show_item_text(user, item)


def can_edit_search_policy(user, community) -> bool:
    """Champions of the community and staff choose whether its search results show snippets."""
    return _signed_in(user) and can_lead(user, community)


def can_view_search_analytics(user) -> bool:
    return _signed_in(user) and user.is_lead


def check(allowed: bool, reason: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(reason or _("You do not have permission to do this."))
