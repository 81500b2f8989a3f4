import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from practica.communities.choices import ChampionChangeKind, CommunityRole, JoinRequestStatus
from practica.communities.models import ChampionChange, Community, CommunityMember, JoinRequest
from practica.communities.services import membership as services
from practica.core.models import AuditEntry
from tests.factories import CommunityFactory, UserFactory, add_member


def _count_is_true(community):
    community.refresh_from_db()
    assert community.member_count == services.recount_members(community)
    return community.member_count


def test_joining_an_open_community_is_one_step_and_counts_the_member(open_community, member):
    services.join_community(user=member, community=open_community)
    assert CommunityMember.objects.filter(community=open_community, user=member).exists()
    assert _count_is_true(open_community) == 1


def test_joining_twice_says_so_and_changes_nothing(open_community, member):
    services.join_community(user=member, community=open_community)
    with pytest.raises(services.MembershipError, match="already a member"):
        services.join_community(user=member, community=open_community)
    assert _count_is_true(open_community) == 1


def test_a_closed_community_cannot_be_joined_in_one_click(closed_community, member):
    with pytest.raises(PermissionDenied):
        services.join_community(user=member, community=closed_community)


def test_an_unlisted_community_is_unknown_without_its_invitation_link(db, member, staff):
    hidden = CommunityFactory(membership="closed", unlisted=True)
    with pytest.raises(Community.DoesNotExist):
        services.request_to_join(user=member, community=hidden, answers=[], accepted_confidentiality=True)
    from practica.communities.services.communities import rotate_invite_link

    token = rotate_invite_link(actor=staff, community=hidden)
    join_request = services.request_to_join(
        user=member, community=hidden, answers=[], accepted_confidentiality=True, invite_token=token
    )
    assert join_request.status == JoinRequestStatus.PENDING


def test_a_request_must_answer_every_question_and_accept_the_agreement(closed_community, member):
    with pytest.raises(services.MembershipError, match="confidentiality"):
        services.request_to_join(
            user=member, community=closed_community, answers=["Yes"], accepted_confidentiality=False
        )
    with pytest.raises(services.MembershipError, match="every question"):
        services.request_to_join(user=member, community=closed_community, answers=[" "], accepted_confidentiality=True)
    assert not JoinRequest.objects.exists()


def test_asking_twice_keeps_one_open_request(closed_community, member):
    services.request_to_join(user=member, community=closed_community, answers=["Yes"], accepted_confidentiality=True)
    with pytest.raises(services.MembershipError, match="already asked"):
        services.request_to_join(
            user=member, community=closed_community, answers=["Yes"], accepted_confidentiality=True
        )
    assert JoinRequest.objects.count() == 1


def test_a_champion_admits_a_request_and_the_decision_is_audited(closed_community, champion, applicant):
    join_request = JoinRequest.objects.get(user=applicant)
    services.decide_join_request(actor=champion, join_request=join_request, approve=True, message="Welcome!")
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.ADMITTED
    assert join_request.decision_message == "Welcome!"
    assert CommunityMember.objects.filter(community=closed_community, user=applicant).exists()
    assert AuditEntry.objects.filter(action="community.join_request_decided").exists()
    assert _count_is_true(closed_community) == 2


def test_deciding_twice_or_deciding_a_withdrawn_request_changes_nothing(closed_community, champion, applicant):
    join_request = JoinRequest.objects.get(user=applicant)
    services.decide_join_request(actor=champion, join_request=join_request, approve=False)
    with pytest.raises(services.MembershipError, match="already been decided"):
        services.decide_join_request(actor=champion, join_request=join_request, approve=True)
    other = UserFactory()
    second = services.request_to_join(
        user=other, community=closed_community, answers=["Yes"], accepted_confidentiality=True
    )
    services.withdraw_join_request(user=other, join_request=second)
    with pytest.raises(services.MembershipError, match="withdrawn"):
        services.decide_join_request(actor=champion, join_request=second, approve=True)
    assert _count_is_true(closed_community) == 1


def test_a_member_who_is_not_a_champion_cannot_decide(closed_community, community_member, applicant):
    with pytest.raises(PermissionDenied):
        services.decide_join_request(
            actor=community_member, join_request=JoinRequest.objects.get(user=applicant), approve=True
        )


def test_approved_people_wait_in_order_when_full_and_join_when_a_place_frees_up(closed_community, champion):
    Community.objects.filter(pk=closed_community.pk).update(max_members=2)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    for user in (first, second, third):
        services.request_to_join(user=user, community=closed_community, answers=["Yes"], accepted_confidentiality=True)
    for user in (first, second, third):
        services.decide_join_request(actor=champion, join_request=JoinRequest.objects.get(user=user), approve=True)
    statuses = {r.user_id: r.status for r in JoinRequest.objects.all()}
    assert statuses == {
        first.pk: JoinRequestStatus.ADMITTED,
        second.pk: JoinRequestStatus.WAITLISTED,
        third.pk: JoinRequestStatus.WAITLISTED,
    }
    services.leave_community(user=first, community=closed_community)
    assert JoinRequest.objects.get(user=second).status == JoinRequestStatus.ADMITTED
    assert JoinRequest.objects.get(user=third).status == JoinRequestStatus.WAITLISTED
    assert _count_is_true(closed_community) == 2


def test_an_open_community_at_its_maximum_puts_new_joiners_on_the_waiting_list(open_community):
    Community.objects.filter(pk=open_community.pk).update(max_members=1)
    first, second = UserFactory(), UserFactory()
    services.join_community(user=first, community=open_community)
    outcome = services.join_community(user=second, community=open_community)
    assert isinstance(outcome, JoinRequest) and outcome.status == JoinRequestStatus.WAITLISTED
    services.leave_community(user=first, community=open_community)
    assert CommunityMember.objects.filter(community=open_community, user=second).exists()
    assert _count_is_true(open_community) == 1


def test_a_champion_removes_a_member_with_a_recorded_reason(closed_community, champion, community_member):
    with pytest.raises(services.MembershipError, match="reason"):
        services.remove_member(actor=champion, community=closed_community, member=community_member, reason=" ")
    services.remove_member(
        actor=champion, community=closed_community, member=community_member, reason="Shared client details."
    )
    assert not CommunityMember.objects.filter(user=community_member).exists()
    entry = AuditEntry.objects.get(action="community.member_removed")
    assert entry.summary == "Shared client details."
    assert _count_is_true(closed_community) == 1


def test_only_staff_remove_a_champion(closed_community, champion, staff):
    other_champion = UserFactory()
    add_member(closed_community, other_champion, role=CommunityRole.CHAMPION)
    with pytest.raises(services.MembershipError, match="Only staff"):
        services.remove_member(actor=champion, community=closed_community, member=other_champion, reason="x")
    services.remove_champion(actor=staff, community=closed_community, user=other_champion, note="Term ended")
    assert CommunityMember.objects.get(user=other_champion).role == CommunityRole.MEMBER


def test_staff_appoint_champions_and_a_champion_stepping_down_leaves_a_handover(closed_community, staff, member):
    services.appoint_champion(actor=staff, community=closed_community, user=member)
    assert CommunityMember.objects.get(user=member, community=closed_community).role == CommunityRole.CHAMPION
    with pytest.raises(services.MembershipError, match="handover"):
        services.step_down_as_champion(user=member, community=closed_community, handover_note="")
    services.step_down_as_champion(
        user=member, community=closed_community, handover_note="Next meeting is booked for 4 March."
    )
    change = ChampionChange.objects.get(kind=ChampionChangeKind.STEPPED_DOWN)
    assert change.note == "Next meeting is booked for 4 March."
    assert CommunityMember.objects.get(user=member, community=closed_community).role == CommunityRole.MEMBER


def test_members_cannot_appoint_champions(closed_community, champion, member):
    with pytest.raises(PermissionDenied):
        services.appoint_champion(actor=champion, community=closed_community, user=member)


def test_counters_match_a_recount_after_joins_leaves_and_removals(open_community, staff):
    people = UserFactory.create_batch(5)
    for person in people:
        services.join_community(user=person, community=open_community)
    services.leave_community(user=people[0], community=open_community)
    services.remove_member(actor=staff, community=open_community, member=people[1], reason="Left the profession")
    assert _count_is_true(open_community) == 3


def test_leaving_publishes_the_event_that_ends_access_elsewhere(closed_community, community_member):
    from django_tasks_db.models import DBTaskResult

    services.leave_community(user=community_member, community=closed_community)
    events = [task.args_kwargs["args"][0] for task in DBTaskResult.objects.all()]
    assert "community.member_left" in events


@pytest.mark.django_db(transaction=True)
def test_a_race_for_the_last_place_admits_exactly_one():
    community = CommunityFactory(max_members=1)
    racers = UserFactory.create_batch(4)
    barrier = threading.Barrier(len(racers))
    outcomes = []

    def join(user):
        try:
            barrier.wait()
            outcomes.append(type(services.join_community(user=user, community=community)).__name__)
        except Exception as error:  # a locked database would show up here as a failure of the test
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["CommunityMember"] + ["JoinRequest"] * 3, outcomes
    assert _count_is_true(community) == 1


def test_removing_a_champion_from_the_community_is_kept_in_the_champion_history(closed_community, champion, staff):
    services.remove_member(actor=staff, community=closed_community, member=champion, reason="Left the association")
    change = ChampionChange.objects.get(user=champion)
    assert change.kind == ChampionChangeKind.REMOVED and change.note == "Left the association"
