"""Who may see and do what with the expert directory and speaker requests.

- The directory: every current member sees the experts who opted in (`available`) and whom they may find in
  the member directory (accounts.permissions.visible_members): opting out, leaving the member directory,
  lapsing or being erased takes a member out of it at once.
- A speaker request: its requester, staff, and the champions of the audience community see it; everyone else
  gets 404. Staff triage it; only the requester withdraws it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.accounts.permissions import visible_members
from practica.communities.choices import CommunityRole, CommunityStatus
from practica.communities.permissions import is_champion, is_member
from practica.experts.choices import OPEN_STATUSES


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def visible_experts(user, queryset: QuerySet) -> QuerySet:
    """Experts listed in the directory for this viewer: opted in, current, and findable as members."""
    from practica.accounts.models import User

    if not _signed_in(user):
        return queryset.none()
    current = visible_members(user, User.objects.all()).filter(
        Q(membership_expires_on__isnull=True) | Q(membership_expires_on__gte=timezone.localdate())
    )
    return queryset.filter(available=True, user__in=current)


def can_offer_expertise(user) -> bool:
    return _signed_in(user)


# Speaker requests.


def requestable_communities(user, queryset: QuerySet) -> QuerySet:
    """The audiences a person may ask a speaker for: active communities they belong to (any, for staff)."""
    if not _signed_in(user):
        return queryset.none()
    queryset = queryset.filter(status=CommunityStatus.ACTIVE)
    if user.is_lead:
        return queryset
    return queryset.filter(memberships__user=user)


def can_request_speaker(user, community) -> bool:
    if not _signed_in(user) or community.is_archived:
        return False
    return user.is_lead or is_member(user, community)


def visible_speaker_requests(user, queryset: QuerySet) -> QuerySet:
    """Staff see every request; others their own, and those for communities they champion."""
    from practica.communities.models import CommunityMember

    if not _signed_in(user):
        return queryset.none()
    if user.is_lead:
        return queryset
    led = CommunityMember.objects.filter(user=user, role=CommunityRole.CHAMPION).values("community")
    return queryset.filter(Q(requester=user) | Q(community__in=led))


def can_view_speaker_request(user, speaker_request) -> bool:
    if not _signed_in(user):
        return False
    if user.is_lead or speaker_request.requester_id == user.pk:
        return True
    return is_champion(user, speaker_request.community)


def can_triage_speaker_requests(user) -> bool:
    """Staff (the Lead) handle speaker requests: review, find, decline, schedule."""
    return _signed_in(user) and user.is_lead


def can_withdraw_speaker_request(user, speaker_request) -> bool:
    return _signed_in(user) and speaker_request.requester_id == user.pk and speaker_request.status in OPEN_STATUSES


def check(allowed: bool, reason: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(reason or _("You do not have permission to do this."))
