"""Who may see and do what with accounts, profiles and the register. The one place these rules live."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from practica.accounts.choices import FieldVisibility, Role

# Whether two members share a community is decided by the communities app, which sits above accounts;
# it registers its answer here when it loads. Until then nobody shares a community.
SharesCommunity = Callable[[object, object], bool]
_shares_community: SharesCommunity = lambda viewer, owner: False  # noqa: E731


def register_shares_community(resolver: SharesCommunity) -> None:
    global _shares_community
    _shares_community = resolver


# The same question for lists: everyone who shares a community with the viewer, as a queryset, so a page asks
# the database once instead of once per member. None until the communities app registers it, in which case
# "members of my communities" fields are left out of directory searches (never wrongly included).
CommunityMates = Callable[[object], QuerySet]
_community_mates: CommunityMates | None = None


def register_community_mates(resolver: CommunityMates) -> None:
    global _community_mates
    _community_mates = resolver


def community_mates(viewer) -> QuerySet | None:
    return _community_mates(viewer) if _community_mates is not None else None


def is_current_member(user) -> bool:
    """Signed in, active, not erased, not suspended, membership not lapsed."""
    return (
        user.is_authenticated
        and user.is_active
        and not user.is_erased
        and not user.is_suspended()
        and not user.membership_lapsed()
    )


def visible_members(viewer, queryset: QuerySet) -> QuerySet:
    """Members the viewer may find in the directory and open: active ones who chose to be listed.

    Staff also see members who chose not to be listed, so they can help them.
    """
    queryset = queryset.filter(is_active=True, erased_at__isnull=True)
    if not getattr(viewer, "is_authenticated", False):
        return queryset.none()
    if viewer.is_lead:
        return queryset
    return queryset.filter(Q(profile__listed_in_directory=True) | Q(pk=viewer.pk))


def can_view_profile_field(viewer, owner, field: str, *, visibility: str) -> bool:
    """Per-field profile visibility, applied before any display, sort or filter."""
    if viewer.pk == owner.pk or viewer.is_lead:
        return True
    if visibility == FieldVisibility.MEMBERS:
        return True
    if visibility == FieldVisibility.COMMUNITIES:
        return _shares_community(viewer, owner)
    return False


def can_manage_register(user) -> bool:
    return user.is_authenticated and user.is_lead


def can_manage_invitations(user) -> bool:
    return user.is_authenticated and user.is_lead


def can_edit_legal_documents(user) -> bool:
    return user.is_authenticated and user.is_lead


def can_view_member_admin(user) -> bool:
    """The staff members list: staff and admins."""
    return user.is_authenticated and user.is_lead


def can_change_role(actor, target, new_role: str) -> bool:
    """Only admins change roles, and never their own (so a site cannot lose its last admin by accident)."""
    return actor.is_authenticated and actor.is_site_admin and actor.pk != target.pk and new_role in Role.values


def can_decide_erasure(user) -> bool:
    return user.is_authenticated and user.is_lead


# Blocking. A block is private to the blocker: the blocked member is never told and sees nothing different.
# Staff and admins can be blocked like anyone for ordinary posts and mentions, but a block never stops a
# moderation message: moderators and staff must always be able to reach a member about their conduct, so
# every channel that reaches a person asks `is_blocked_by(..., moderation=True)` for moderation messages.


def can_block(actor, target) -> bool:
    """Any current member may block any other active member, but not themselves."""
    return is_current_member(actor) and target.pk != actor.pk and target.is_active and not target.is_erased


def is_blocked_by(recipient, sender, *, moderation: bool = False) -> bool:
    """Whether `recipient` has blocked `sender`, so `sender` may not reach them. Never for moderation messages."""
    if moderation or recipient is None or sender is None or recipient.pk == sender.pk:
        return False
    from practica.accounts.models import Block

    return Block.objects.filter(blocker_id=recipient.pk, blocked_id=sender.pk).exists()


def check(allowed: bool, reason: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(reason or _("You do not have permission to do this."))
