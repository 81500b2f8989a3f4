"""Who may see and do what in communities: the one place these rules live.

Three levels of seeing a community:
- *know of it* (directory, its public face: name, description, charter, how to join): every current member
  for listed communities; unlisted ones only for their members, staff, and holders of its invitation link;
- *see inside* (topics, posts, members, resources, meetings, and every later channel): open communities for
  every current member; closed ones for their members and staff only. Everyone else gets 404;
- *act*: join, lead (champions), manage (staff).
Archived communities are read-only and still visible to their members.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from practica.communities.choices import CommunityRole, CommunityStatus, JoinRequestStatus, Membership


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _membership_subquery(user, role: str | None = None):
    from practica.communities.models import CommunityMember

    memberships = CommunityMember.objects.filter(community=OuterRef("pk"), user=user)
    if role:
        memberships = memberships.filter(role=role)
    return Exists(memberships)


def visible_communities(user, queryset: QuerySet) -> QuerySet:
    """Communities the user may know of: listed ones, plus unlisted ones they belong to (all, for staff)."""
    if not _signed_in(user):
        return queryset.none()
    if user.is_lead:
        return queryset
    return queryset.filter(Q(unlisted=False) | _membership_subquery(user))


def listed_communities(user, queryset: QuerySet) -> QuerySet:
    """What the directory shows: visible communities, without archived ones the user does not belong to."""
    queryset = visible_communities(user, queryset)
    if not _signed_in(user):
        return queryset
    return queryset.filter(Q(status=CommunityStatus.ACTIVE) | _membership_subquery(user))


def readable_communities(user, queryset: QuerySet) -> QuerySet:
    """Communities whose inside the user may see. Every later app filters its content through this."""
    if not _signed_in(user):
        return queryset.none()
    if user.is_lead:
        return queryset
    return queryset.filter(Q(membership=Membership.OPEN, unlisted=False) | _membership_subquery(user))


def membership_role(user, community) -> str | None:
    """The user's role in the community, or None. Uses a prefetched `viewer_role` annotation when present."""
    if not _signed_in(user):
        return None
    if hasattr(community, "viewer_role"):
        return community.viewer_role
    from practica.communities.models import CommunityMember

    return CommunityMember.objects.filter(community=community, user=user).values_list("role", flat=True).first()


def is_member(user, community) -> bool:
    return membership_role(user, community) is not None


def is_champion(user, community) -> bool:
    return membership_role(user, community) == CommunityRole.CHAMPION


def can_know_community(user, community, *, invite_token: str = "") -> bool:
    if not _signed_in(user):
        return False
    if user.is_lead or not community.unlisted or is_member(user, community):
        return True
    return bool(invite_token) and community.invite_token_matches(invite_token)


def can_read_community(user, community) -> bool:
    if not _signed_in(user):
        return False
    if user.is_lead:
        return True
    if community.membership == Membership.OPEN and not community.unlisted:
        return True
    return is_member(user, community)


def can_join(user, community) -> bool:
    """One click for open communities; closed ones take a request instead."""
    return _signed_in(user) and not community.is_archived and not community.is_closed and not is_member(user, community)


def can_request_to_join(user, community) -> bool:
    return _signed_in(user) and not community.is_archived and community.is_closed and not is_member(user, community)


def can_leave(user, community) -> bool:
    return is_member(user, community)


def can_lead(user, community) -> bool:
    """Champion powers: edit the charter and description, admit and remove members. Staff have them too."""
    if not _signed_in(user):
        return False
    if user.is_lead:
        return True
    return not community.is_archived and is_champion(user, community)


def can_manage_community(user) -> bool:
    """Create, archive and restore communities and divisions, appoint champions, review proposals."""
    return _signed_in(user) and user.is_lead


def can_decide_join_request(user, join_request) -> bool:
    return can_lead(user, join_request.community) and join_request.status in {
        JoinRequestStatus.PENDING,
        JoinRequestStatus.WAITLISTED,
    }


def can_view_proposal(user, proposal) -> bool:
    if not _signed_in(user):
        return False
    if user.is_lead or proposal.proposer_id == user.pk:
        return True
    return proposal.cosigners.filter(user=user).exists() or proposal.champions.filter(pk=user.pk).exists()


def shares_community(viewer, owner) -> bool:
    """Whether two people are members of at least one community together (for profile field visibility)."""
    from practica.communities.models import CommunityMember

    if not (_signed_in(viewer) and getattr(owner, "pk", None)):
        return False
    return CommunityMember.objects.filter(
        user=viewer, community__in=CommunityMember.objects.filter(user=owner).values("community")
    ).exists()


def community_mates(viewer) -> QuerySet:
    """Everyone who shares at least one community with the viewer, as one queryset (for directory pages)."""
    from practica.accounts.models import User
    from practica.communities.models import CommunityMember

    return User.objects.filter(
        community_memberships__community__in=CommunityMember.objects.filter(user=viewer).values("community")
    )


def check(allowed: bool, reason: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(reason or _("You do not have permission to do this."))
