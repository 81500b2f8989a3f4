"""Who may see and do what in the library: the one place these rules live.

An item is visible exactly when its community is readable (communities.permissions.readable_communities), or
when it is in the site library (no community), which every current member reads. Hidden items stay visible to
their author, the community's champions and moderators; removed items to nobody. Everything else in the library
(lists, counts, downloads, thumbnails, collections, back-links) starts from `visible_items`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from practica.communities.choices import CommunityRole, CommunityStatus
from practica.communities.models import Community, CommunityMember
from practica.communities.permissions import can_lead, can_read_community, is_member, readable_communities


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _readable_places(user) -> Q:
    return Q(community__isnull=True) | Q(community__in=readable_communities(user, Community.objects.all()))


def visible_items(user, queryset: QuerySet) -> QuerySet:
    """Items the user may see: in the site library or a readable community; hidden ones only for the people
    who look after them; removed ones never."""
    if not _signed_in(user):
        return queryset.none()
    queryset = queryset.filter(_readable_places(user), removed_at__isnull=True)
    if user.is_moderator:
        return queryset
    led = CommunityMember.objects.filter(user=user, role=CommunityRole.CHAMPION).values("community")
    return queryset.filter(Q(hidden_at__isnull=True) | Q(created_by=user) | Q(community__in=led))


def visible_collections(user, queryset: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return queryset.none()
    return queryset.filter(_readable_places(user))


def can_view_item(user, item) -> bool:
    if not _signed_in(user) or item.removed_at is not None:
        return False
    if item.community_id is not None and not can_read_community(user, item.community):
        return False
    if item.hidden_at is None:
        return True
    return item.created_by_id == user.pk or can_moderate_item(user, item)


def can_show_item_text(user, item) -> bool:
    """A hidden item's title and description must not travel to notifications, search or previews."""
    return item.hidden_at is None and item.removed_at is None


def can_view_collection(user, collection) -> bool:
    return _signed_in(user) and (collection.community_id is None or can_read_community(user, collection.community))


def can_add_to_library(user, community) -> bool:
    """Community members add to their community's library while it is active; staff add to the site library."""
    if not _signed_in(user):
        return False
    if community is None:
        return user.is_lead
    if community.is_archived:
        return False
    return user.is_lead or is_member(user, community)


def addable_communities(user, queryset: QuerySet) -> QuerySet:
    """The communities `can_add_to_library` allows, as a queryset (the add form's chooser)."""
    if not _signed_in(user):
        return queryset.none()
    queryset = queryset.filter(status=CommunityStatus.ACTIVE)
    if user.is_lead:
        return queryset
    return queryset.filter(memberships__user=user)


def can_moderate_item(user, item) -> bool:
    """Champions of the item's community, moderators and staff (for the site library: moderators and staff)."""
    if not _signed_in(user):
        return False
    if user.is_moderator:
        return True
    return item.community_id is not None and can_lead(user, item.community)


def can_edit_item(user, item) -> bool:
    """Authors edit their own items while they may still add to that library; champions and staff any item in
    their community; staff any item in the site library."""
    if not can_view_item(user, item):
        return False
    if item.community_id is None:
        return user.is_lead or item.created_by_id == user.pk
    if can_lead(user, item.community):
        return True
    return item.created_by_id == user.pk and can_add_to_library(user, item.community)


def can_remove_item(user, item) -> bool:
    return can_edit_item(user, item) or (can_view_item(user, item) and user.is_moderator)


def can_add_version(user, item) -> bool:
    return item.is_file and can_edit_item(user, item)


def can_like_item(user, item) -> bool:
    return can_view_item(user, item) and item.created_by_id != user.pk and item.hidden_at is None


def can_manage_collection(user, community) -> bool:
    """Champions make their community's collections; staff make the site's and any community's."""
    if not _signed_in(user):
        return False
    if community is None:
        return user.is_lead
    return can_lead(user, community)


def can_collect_item(user, collection, item) -> bool:
    """An item goes into a collection of its own library (a site collection may gather any site item)."""
    return (
        can_manage_collection(user, collection.community)
        and can_view_item(user, item)
        and item.community_id == collection.community_id
    )


def check(allowed: bool, reason: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(reason or _("You do not have permission to do this."))
