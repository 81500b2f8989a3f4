"""Joining, leaving, admitting and removing members, and champions: every write about who is in a community.

Each function locks the community row first (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
transactions serialise writers), so `member_count` stays right and a race for the last place admits exactly one.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.communities.choices import ChampionChangeKind, CommunityRole, JoinRequestStatus
from practica.communities.models import ChampionChange, Community, CommunityMember, JoinRequest
from practica.communities.permissions import (
    can_decide_join_request,
    can_join,
    can_know_community,
    can_lead,
    can_manage_community,
    can_request_to_join,
    check,
)
from practica.core import events
from practica.core.audit import record
from practica.core.email import enqueue_templated_email


class MembershipError(Exception):
    """A clear, expected refusal (already a member, request already decided ...) that changes nothing."""


def _locked(community: Community) -> Community:
    return Community.objects.select_for_update().get(pk=community.pk)


def _admit(*, community: Community, user, role: str = CommunityRole.MEMBER) -> CommunityMember:
    try:
        with transaction.atomic():
            membership = CommunityMember.objects.create(community=community, user=user, role=role)
    except IntegrityError as error:
        raise MembershipError(_("You are already a member of this community.")) from error
    Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + 1)
    community.member_count += 1
    events.publish("community.member_joined", community_id=community.pk, user_id=user.pk)
    return membership


def _tell_requester(join_request: JoinRequest, community: Community) -> None:
    """E-mail the outcome of a join request, from inside the deciding transaction. Closed communities' e-mails
    carry the community's name and a link, never its content (nor the champion's message)."""
    from django.conf import settings
    from django.urls import reverse

    enqueue_templated_email(
        "communities/email/join_request_decided",
        join_request.user.email,
        {
            "status": str(join_request.status),
            "community_name": community.name,
            "link": settings.SITE_URL + reverse("communities:detail", kwargs={"pk": community.pk}),
            "name": join_request.user.display_name,
        },
        # One e-mail per decision: a request decided, then waitlisted and admitted later, gets one of each.
        ref=f"join-request:{join_request.pk}:{join_request.status}",
        recipient=join_request.user,
        category="community:join-request",
    )


def _waitlist(*, community: Community, user, join_request: JoinRequest | None = None) -> JoinRequest:
    now = timezone.now()
    if join_request is None:
        join_request = JoinRequest(community=community, user=user)
    join_request.status = JoinRequestStatus.WAITLISTED
    join_request.waitlisted_at = now
    join_request.save()
    return join_request


@transaction.atomic
def join_community(*, user, community: Community, invite_token: str = "") -> CommunityMember | JoinRequest:
    """One click for an open community; when it is full, a place on its waiting list instead."""
    community = _locked(community)
    if not can_know_community(user, community, invite_token=invite_token):
        raise Community.DoesNotExist
    if CommunityMember.objects.filter(community=community, user=user).exists():
        raise MembershipError(_("You are already a member of this community."))
    check(can_join(user, community), _("This community is closed: ask to join instead."))
    if community.is_full:
        if JoinRequest.objects.filter(community=community, user=user, status=JoinRequestStatus.WAITLISTED).exists():
            raise MembershipError(_("You are already on this community's waiting list."))
        return _waitlist(community=community, user=user)
    return _admit(community=community, user=user)


@transaction.atomic
def request_to_join(
    *, user, community: Community, answers: list[str], accepted_confidentiality: bool, invite_token: str = ""
) -> JoinRequest:
    """Ask to join a closed community, answering its admission questions and accepting its agreement."""
    community = _locked(community)
    if not can_know_community(user, community, invite_token=invite_token):
        raise Community.DoesNotExist
    check(can_request_to_join(user, community), _("You cannot ask to join this community."))
    if community.confidentiality_agreement and not accepted_confidentiality:
        raise MembershipError(_("Please accept the community's confidentiality agreement."))
    questions = community.admission_question_list()
    if any(not (answer or "").strip() for answer in answers[: len(questions)]) or len(answers) < len(questions):
        raise MembershipError(_("Please answer every question."))
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                community=community,
                user=user,
                answers=[{"question": q, "answer": a.strip()} for q, a in zip(questions, answers, strict=False)],
                accepted_confidentiality=accepted_confidentiality,
            )
    except IntegrityError as error:
        raise MembershipError(_("You have already asked to join; a champion will reply soon.")) from error
    events.publish("community.join_requested", join_request_id=join_request.pk)
    return join_request


@transaction.atomic
def withdraw_join_request(*, user, join_request: JoinRequest) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.user_id != user.pk:
        raise JoinRequest.DoesNotExist
    if not join_request.is_open:
        raise MembershipError(_("This request has already been decided."))
    join_request.status = JoinRequestStatus.WITHDRAWN
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_at"])
    return join_request


@transaction.atomic
def decide_join_request(*, actor, join_request: JoinRequest, approve: bool, message: str = "") -> JoinRequest:
    """A champion admits or declines a request. Approved people go onto the waiting list when the community
    is full. Deciding twice, or deciding a withdrawn request, changes nothing and says so."""
    community = _locked(join_request.community)
    join_request = JoinRequest.objects.select_for_update(of=("self",)).select_related("user").get(pk=join_request.pk)
    check(can_lead(actor, community), _("Only the community's champions can decide requests."))
    if join_request.status == JoinRequestStatus.WITHDRAWN:
        raise MembershipError(_("This request was withdrawn by the person who made it."))
    if not can_decide_join_request(actor, join_request):
        raise MembershipError(_("This request has already been decided."))
    if approve and join_request.status == JoinRequestStatus.WAITLISTED:
        raise MembershipError(_("This person is already on the waiting list; they join when a place frees up."))
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.decision_message = message.strip()
    if not approve:
        join_request.status = JoinRequestStatus.DECLINED
        join_request.save()
    elif community.is_full:
        _waitlist(community=community, user=join_request.user, join_request=join_request)
    else:
        if CommunityMember.objects.filter(community=community, user=join_request.user).exists():
            raise MembershipError(_("This person is already a member."))
        _admit(community=community, user=join_request.user)
        join_request.status = JoinRequestStatus.ADMITTED
        join_request.save()
    record(
        actor=actor,
        action="community.join_request_decided",
        target=join_request,
        summary=f"{join_request.get_status_display()}",
        data={"community_id": community.pk, "user_id": join_request.user_id},
    )
    events.publish("community.join_request_decided", join_request_id=join_request.pk)
    _tell_requester(join_request, community)
    return join_request


def _admit_from_waiting_list(community: Community) -> None:
    """Fill free places from the waiting list, first come first served."""
    while not community.is_full:
        waiting = (
            JoinRequest.objects.select_for_update()
            .filter(community=community, status=JoinRequestStatus.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .select_related("user")
            .first()
        )
        if waiting is None:
            return
        if (
            not waiting.user.is_active
            or CommunityMember.objects.filter(community=community, user=waiting.user).exists()
        ):
            waiting.status = JoinRequestStatus.WITHDRAWN
            waiting.save(update_fields=["status"])
            continue
        _admit(community=community, user=waiting.user)
        waiting.status = JoinRequestStatus.ADMITTED
        waiting.decided_at = timezone.now()
        waiting.save(update_fields=["status", "decided_at"])
        events.publish("community.join_request_decided", join_request_id=waiting.pk)
        _tell_requester(waiting, community)


def _remove(*, community: Community, membership: CommunityMember) -> None:
    membership.delete()
    Community.objects.filter(pk=community.pk).update(member_count=F("member_count") - 1)
    community.member_count -= 1
    # Higher apps react: a former member of a closed community loses access at once.
    events.publish("community.member_left", community_id=community.pk, user_id=membership.user_id)
    _admit_from_waiting_list(community)


@transaction.atomic
def leave_community(*, user, community: Community) -> None:
    community = _locked(community)
    membership = CommunityMember.objects.filter(community=community, user=user).first()
    if membership is None:
        raise MembershipError(_("You are not a member of this community."))
    if membership.role == CommunityRole.CHAMPION:
        ChampionChange.objects.create(
            community=community,
            user=user,
            kind=ChampionChangeKind.STEPPED_DOWN,
            changed_by=user,
            note=_("Left the community."),
        )
    _remove(community=community, membership=membership)
    record(actor=user, action="community.left", target=community)


@transaction.atomic
def remove_member(*, actor, community: Community, member, reason: str) -> None:
    """A champion or staff removes someone, with a reason that is recorded."""
    community = _locked(community)
    check(can_lead(actor, community), _("Only the community's champions can remove members."))
    if not reason.strip():
        raise MembershipError(_("Please give a reason; it is recorded."))
    membership = CommunityMember.objects.filter(community=community, user=member).first()
    if membership is None:
        raise MembershipError(_("This person is not a member of the community."))
    if membership.role == CommunityRole.CHAMPION and not can_manage_community(actor):
        raise MembershipError(_("Only staff can remove a champion."))
    if membership.role == CommunityRole.CHAMPION:
        # Removing a champion from the community also ends their championship: keep the history complete.
        ChampionChange.objects.create(
            community=community, user=member, kind=ChampionChangeKind.REMOVED, changed_by=actor, note=reason.strip()
        )
    _remove(community=community, membership=membership)
    record(
        actor=actor,
        action="community.member_removed",
        target=community,
        summary=reason.strip()[:300],
        data={"user_id": member.pk},
    )
    events.publish("community.member_removed", community_id=community.pk, user_id=member.pk, reason=reason.strip())


@transaction.atomic
def appoint_champion(*, actor, community: Community, user, note: str = "") -> CommunityMember:
    """Staff make someone a champion, adding them as a member first if they are not one."""
    community = _locked(community)
    check(can_manage_community(actor), _("Only staff appoint champions."))
    membership = CommunityMember.objects.filter(community=community, user=user).first()
    if membership is None:
        membership = _admit(community=community, user=user, role=CommunityRole.CHAMPION)
    elif membership.role == CommunityRole.CHAMPION:
        raise MembershipError(_("This person is already a champion."))
    else:
        membership.role = CommunityRole.CHAMPION
        membership.save(update_fields=["role"])
    ChampionChange.objects.create(
        community=community, user=user, kind=ChampionChangeKind.APPOINTED, changed_by=actor, note=note
    )
    record(actor=actor, action="community.champion_appointed", target=community, data={"user_id": user.pk})
    return membership


def _end_championship(*, actor, community: Community, user, kind: str, note: str) -> None:
    membership = CommunityMember.objects.filter(community=community, user=user, role=CommunityRole.CHAMPION).first()
    if membership is None:
        raise MembershipError(_("This person is not a champion of the community."))
    membership.role = CommunityRole.MEMBER
    membership.save(update_fields=["role"])
    ChampionChange.objects.create(community=community, user=user, kind=kind, changed_by=actor, note=note)
    record(
        actor=actor,
        action=f"community.champion_{kind}",
        target=community,
        summary=note[:300],
        data={"user_id": user.pk},
    )


@transaction.atomic
def remove_champion(*, actor, community: Community, user, note: str = "") -> None:
    community = _locked(community)
    check(can_manage_community(actor), _("Only staff remove champions."))
    _end_championship(actor=actor, community=community, user=user, kind=ChampionChangeKind.REMOVED, note=note)


@transaction.atomic
def step_down_as_champion(*, user, community: Community, handover_note: str) -> None:
    """A champion hands over: they stay a member, and their handover note is kept for whoever follows."""
    community = _locked(community)
    if not handover_note.strip():
        raise MembershipError(_("Please leave a handover note for whoever leads the community next."))
    _end_championship(
        actor=user, community=community, user=user, kind=ChampionChangeKind.STEPPED_DOWN, note=handover_note.strip()
    )


def recount_members(community: Community) -> int:
    """The true member count, to check (or repair) the denormalised counter."""
    return CommunityMember.objects.filter(community=community).count()
