"""Who may see and do what with pulse surveys and the benefits record: the one place these rules live.

- Surveys: staff (the Lead) create, publish and read results; members see a published survey when they are in
  its audience (all members; the members of a division — of any of its communities, or named in the members
  register under it; or the members of one community), and answer it once while it is open. Everyone else gets
  404. Results are anonymous and for staff only.
- Benefits: staff log and see every benefit; champions log benefits for the communities they champion and see
  those, and the ones they logged. The logger and staff edit or delete. Members who are neither get 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.accounts.choices import Role
from practica.communities.choices import CommunityRole, CommunityStatus
from practica.surveys.choices import AudienceKind

# Survey invitations go to members of the association; staff run surveys, they do not answer them.
RESPONDENT_ROLES = (Role.MEMBER, Role.MODERATOR)


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# Surveys.


def can_manage_surveys(user) -> bool:
    return _signed_in(user) and user.is_lead


def _audience_q(user) -> Q:
    """Surveys whose audience includes `user`, as one condition (no query until the queryset runs)."""
    from practica.accounts.models import RegisterEntry
    from practica.communities.models import CommunityMember

    in_community = CommunityMember.objects.filter(user=user, community=OuterRef("community_id"))
    in_division_community = CommunityMember.objects.filter(user=user, community__division=OuterRef("division_id"))
    registered_in_division = RegisterEntry.objects.filter(
        user=user, division__iexact=OuterRef("division__name")
    ).exclude(division="")
    return (
        Q(audience_kind=AudienceKind.ALL)
        | Q(Exists(in_community), audience_kind=AudienceKind.COMMUNITY)
        | (
            Q(audience_kind=AudienceKind.DIVISION)
            & (Q(Exists(in_division_community)) | Q(Exists(registered_in_division)))
        )
    )


def _may_respond(user) -> bool:
    return _signed_in(user) and user.role in RESPONDENT_ROLES and not user.membership_lapsed()


def visible_surveys(user, queryset: QuerySet) -> QuerySet:
    """Staff see every survey; members the published ones whose audience includes them."""
    if not _signed_in(user):
        return queryset.none()
    if user.is_lead:
        return queryset
    if not _may_respond(user):
        return queryset.none()
    return queryset.filter(_audience_q(user), published_at__isnull=False)


def open_surveys_for(user, queryset: QuerySet) -> QuerySet:
    """Published surveys open today whose audience includes `user` and which they have not answered yet."""
    from practica.surveys.models import Participation

    if not _may_respond(user):
        return queryset.none()
    today = timezone.localdate()
    answered = Participation.objects.filter(survey=OuterRef("pk"), member=user)
    return queryset.filter(
        _audience_q(user), published_at__isnull=False, opens_on__lte=today, closes_on__gte=today
    ).filter(~Exists(answered))


def audience_members(survey) -> QuerySet:
    """The members a survey is for: current (active, not erased, not lapsed) members of its audience."""
    from practica.accounts.models import RegisterEntry, User
    from practica.communities.models import CommunityMember

    today = timezone.localdate()
    members = User.objects.filter(role__in=RESPONDENT_ROLES, is_active=True, erased_at__isnull=True).filter(
        Q(membership_expires_on__isnull=True) | Q(membership_expires_on__gte=today)
    )
    if survey.audience_kind == AudienceKind.COMMUNITY:
        return members.filter(
            Exists(CommunityMember.objects.filter(user=OuterRef("pk"), community_id=survey.community_id))
        )
    if survey.audience_kind == AudienceKind.DIVISION:
        in_community = CommunityMember.objects.filter(user=OuterRef("pk"), community__division_id=survey.division_id)
        registered = RegisterEntry.objects.filter(user=OuterRef("pk"), division__iexact=survey.division.name)
        return members.filter(Exists(in_community) | Exists(registered))
    return members


def in_audience(user, survey) -> bool:
    return _may_respond(user) and audience_members(survey).filter(pk=user.pk).exists()


def can_see_survey(user, survey) -> bool:
    """The check other apps ask through core.visibility (notifications re-check it at delivery)."""
    if not _signed_in(user):
        return False
    if user.is_lead:
        return True
    return survey.published_at is not None and in_audience(user, survey)


def has_answered(user, survey) -> bool:
    from practica.surveys.models import Participation

    return _signed_in(user) and Participation.objects.filter(survey=survey, member=user).exists()


def can_answer_survey(user, survey) -> bool:
    return survey.is_open and in_audience(user, survey) and not has_answered(user, survey)


# The benefits record.


def championed_communities(user, queryset: QuerySet) -> QuerySet:
    """Communities the user may log benefits for: every community for staff; the ones they champion otherwise."""
    from practica.communities.models import CommunityMember

    if not _signed_in(user):
        return queryset.none()
    if user.is_lead:
        return queryset
    led = CommunityMember.objects.filter(user=user, role=CommunityRole.CHAMPION).values("community")
    return queryset.filter(pk__in=led, status=CommunityStatus.ACTIVE)


def can_log_benefit(user) -> bool:
    from practica.communities.models import CommunityMember

    if not _signed_in(user):
        return False
    if user.is_lead:
        return True
    return CommunityMember.objects.filter(
        user=user, role=CommunityRole.CHAMPION, community__status=CommunityStatus.ACTIVE
    ).exists()


def visible_benefits(user, queryset: QuerySet) -> QuerySet:
    """Staff see every benefit; champions those of the communities they champion, and the ones they logged."""
    from practica.communities.models import CommunityMember

    if not _signed_in(user):
        return queryset.none()
    if user.is_lead:
        return queryset
    led = CommunityMember.objects.filter(user=user, role=CommunityRole.CHAMPION).values("community")
    return queryset.filter(Q(community__in=led) | Q(logged_by=user))


def can_view_benefits(user) -> bool:
    """The benefits record is for staff and champions (members who champion no community get 403)."""
    from practica.communities.models import CommunityMember

    if not _signed_in(user):
        return False
    return user.is_lead or CommunityMember.objects.filter(user=user, role=CommunityRole.CHAMPION).exists()


def can_change_benefit(user, benefit) -> bool:
    """Whoever logged it, and staff, edit or delete a benefit."""
    return _signed_in(user) and (user.is_lead or (benefit.logged_by_id is not None and benefit.logged_by_id == user.pk))


def can_manage_benefit_categories(user) -> bool:
    return _signed_in(user) and user.is_lead


def check(allowed: bool, reason: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(reason or _("You do not have permission to do this."))
