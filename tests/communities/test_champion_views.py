"""Champions' tools in the browser: join requests and the waiting list, removing members, appointing
champions and stepping down, for every persona that may and may not use them."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from practica.communities.choices import ChampionChangeKind, CommunityRole, JoinRequestStatus
from practica.communities.models import ChampionChange, Community, CommunityMember, JoinRequest
from practica.communities.services.membership import request_to_join, withdraw_join_request
from practica.core.models import AuditEntry, OutboxEmail
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for, run_pending_tasks


@pytest.fixture
def client_for(request):
    def get(persona: str) -> Client:
        if persona == "anonymous":
            return Client()
        return request.getfixturevalue(f"{persona}_client")

    return get


@pytest.fixture
def join_request(applicant, closed_community):
    return JoinRequest.objects.get(user=applicant, community=closed_community)


@pytest.fixture
def unlisted_community(db, champion):
    community = CommunityFactory(name="Hidden Circle", membership="closed", unlisted=True)
    add_member(community, champion, role="champion")
    return community


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def _follow(client, url, data):
    return client.post(url, data, follow=True)


# Who may see the request list.

LEADERS_ONLY = {
    "anonymous": 302,
    "outsider": 403,
    "member": 403,
    "moderator": 403,
    "community_member": 403,
    "applicant": 403,
    "champion": 200,
    "staff": 200,
    "admin": 200,
}


@pytest.mark.parametrize(("persona", "expected"), LEADERS_ONLY.items())
def test_only_champions_and_staff_see_the_join_requests(persona, expected, client_for, closed_community, applicant):
    response = client_for(persona).get(reverse("communities:requests", args=[closed_community.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), LEADERS_ONLY.items())
def test_only_champions_and_staff_open_a_join_request(persona, expected, client_for, closed_community, join_request):
    url = reverse("communities:request-decide", args=[closed_community.pk, join_request.pk])
    assert client_for(persona).get(url).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), LEADERS_ONLY.items())
def test_only_champions_and_staff_open_the_remove_member_page(
    persona, expected, client_for, closed_community, community_member
):
    url = reverse("communities:member-remove", args=[closed_community.pk, community_member.pk])
    assert client_for(persona).get(url).status_code == expected


def test_an_outsider_gets_404_on_an_unlisted_communitys_champion_pages(outsider_client, unlisted_community):
    for name in ("communities:requests", "communities:champions", "communities:step-down"):
        assert outsider_client.get(reverse(name, args=[unlisted_community.pk])).status_code == 404


def test_a_non_champion_is_told_why_they_cannot_see_requests(community_member_client, closed_community):
    response = community_member_client.get(reverse("communities:requests", args=[closed_community.pk]))
    assert response.status_code == 403
    assert "Only the community&#x27;s champions and staff can do this." in response.content.decode()


def test_a_request_from_another_community_is_404(champion_client, closed_community, db):
    other = CommunityFactory(membership="closed")
    stranger = UserFactory()
    other_request = request_to_join(user=stranger, community=other, answers=[], accepted_confidentiality=False)
    url = reverse("communities:request-decide", args=[closed_community.pk, other_request.pk])
    assert champion_client.get(url).status_code == 404


# The request list.


def test_the_request_list_shows_answers_when_they_asked_and_the_waiting_list_in_order(
    champion_client, closed_community, join_request
):
    first, second = UserFactory(display_name="Wendy First"), UserFactory(display_name="Walt Second")
    for person in (first, second):
        waiting = request_to_join(
            user=person, community=closed_community, answers=["Yes"], accepted_confidentiality=True
        )
        JoinRequest.objects.filter(pk=waiting.pk).update(
            status=JoinRequestStatus.WAITLISTED, waitlisted_at=waiting.created_at
        )

    response = champion_client.get(reverse("communities:requests", args=[closed_community.pk]))

    page = response.content.decode()
    assert "Ash Applicant" in page
    assert "Are you an accredited supervisor?" in page
    assert join_request.created_at.strftime("%Y-%m-%d") in page
    assert page.index("Wendy First") < page.index("Walt Second")


def test_the_request_list_costs_the_same_queries_with_1_and_50_requests(champion_client, closed_community):
    url = reverse("communities:requests", args=[closed_community.pk])
    JoinRequest.objects.create(community=closed_community, user=UserFactory(), answers=[])
    with_one = queries_for(champion_client, url)
    JoinRequest.objects.bulk_create(
        JoinRequest(community=closed_community, user=user, answers=[{"question": "Why?", "answer": "To learn"}])
        for user in UserFactory.create_batch(49)
    )
    with_fifty = queries_for(champion_client, url)
    assert with_fifty == with_one


# Deciding requests.


def test_a_champion_approves_a_request_and_the_requester_is_emailed_a_link_without_the_message(
    champion_client, closed_community, join_request, applicant
):
    url = reverse("communities:request-decide", args=[closed_community.pk, join_request.pk])
    assert "Ash Applicant" in champion_client.get(url).content.decode()

    response = _follow(champion_client, url, {"decision": "approve", "message": "Welcome, see you Tuesday"})

    assert response.redirect_chain[-1][0] == reverse("communities:requests", args=[closed_community.pk])
    assert "Ash Applicant is now a member of the community." in _messages(response)
    assert CommunityMember.objects.filter(community=closed_community, user=applicant).exists()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.ADMITTED
    assert join_request.decision_message == "Welcome, see you Tuesday"
    assert mail.outbox == []
    assert OutboxEmail.objects.filter(to_address=applicant.email).count() == 1

    run_pending_tasks()

    [message] = [m for m in mail.outbox if m.to == [applicant.email]]
    assert "Supervisors' Circle" in message.subject
    assert f"/communities/{closed_community.pk}/" in message.body
    assert "Tuesday" not in message.body
    assert "Tuesday" not in message.alternatives[0][0]


def test_the_email_is_stored_only_if_the_decision_commits(closed_community, join_request, champion):
    from django.db import transaction

    from practica.communities.services.membership import decide_join_request

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        decide_join_request(actor=champion, join_request=join_request, approve=True)
        raise Boom
    assert not OutboxEmail.objects.exists()


def test_approving_twice_says_so_and_changes_nothing(champion_client, closed_community, join_request):
    url = reverse("communities:request-decide", args=[closed_community.pk, join_request.pk])
    champion_client.post(url, {"decision": "approve"})
    closed_community.refresh_from_db()
    count = closed_community.member_count

    response = _follow(champion_client, url, {"decision": "approve"})

    assert "This request has already been decided." in _messages(response)
    closed_community.refresh_from_db()
    assert closed_community.member_count == count


def test_approving_a_withdrawn_request_says_so_and_changes_nothing(
    champion_client, closed_community, join_request, applicant
):
    withdraw_join_request(user=applicant, join_request=join_request)
    url = reverse("communities:request-decide", args=[closed_community.pk, join_request.pk])

    response = _follow(champion_client, url, {"decision": "approve"})

    assert "This request was withdrawn by the person who made it." in _messages(response)
    assert not CommunityMember.objects.filter(community=closed_community, user=applicant).exists()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.WITHDRAWN


def test_approving_when_the_community_is_full_puts_them_on_the_waiting_list_and_says_so(
    champion_client, closed_community, join_request, applicant
):
    Community.objects.filter(pk=closed_community.pk).update(max_members=closed_community.member_count)
    url = reverse("communities:request-decide", args=[closed_community.pk, join_request.pk])
    assert "maximum size" in champion_client.get(url).content.decode()

    response = _follow(champion_client, url, {"decision": "approve"})

    assert any("waiting list, in place 1" in message for message in _messages(response))
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.WAITLISTED
    assert not CommunityMember.objects.filter(community=closed_community, user=applicant).exists()


def test_a_champion_declines_with_a_message(champion_client, closed_community, join_request, applicant):
    url = reverse("communities:request-decide", args=[closed_community.pk, join_request.pk])

    response = _follow(champion_client, url, {"decision": "decline", "message": "We are only for supervisors."})

    assert "You declined Ash Applicant's request." in _messages(response)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED
    assert join_request.decision_message == "We are only for supervisors."


def test_a_decision_without_a_button_keeps_the_message_typed(champion_client, closed_community, join_request):
    url = reverse("communities:request-decide", args=[closed_community.pk, join_request.pk])

    response = champion_client.post(url, {"message": "Half-written thought"})

    assert response.status_code == 200
    assert "Half-written thought" in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING


# Removing members.


def test_a_champion_removes_a_member_with_a_reason_that_is_recorded(
    champion_client, closed_community, community_member
):
    url = reverse("communities:member-remove", args=[closed_community.pk, community_member.pk])
    assert "Reason for removing them" in champion_client.get(url).content.decode()

    response = champion_client.post(url, {"reason": "Shared a client's details."})

    assert response.status_code == 302
    assert not CommunityMember.objects.filter(community=closed_community, user=community_member).exists()
    entry = AuditEntry.objects.get(action="community.member_removed")
    assert entry.summary == "Shared a client's details."


def test_removing_without_a_reason_shows_the_error_and_removes_nobody(
    champion_client, closed_community, community_member
):
    url = reverse("communities:member-remove", args=[closed_community.pk, community_member.pk])

    response = champion_client.post(url, {"reason": "  "})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert 'id="id_reason_error"' in page
    assert CommunityMember.objects.filter(community=closed_community, user=community_member).exists()


def test_a_champion_cannot_remove_another_champion_but_staff_can(champion, closed_community, staff_client):
    second = UserFactory(display_name="Second Champion")
    add_member(closed_community, second, role="champion")
    url = reverse("communities:member-remove", args=[closed_community.pk, second.pk])
    client = Client()
    client.force_login(champion)

    response = client.get(url)
    assert response.status_code == 403
    assert "Only staff can remove a champion." in response.content.decode()

    assert staff_client.post(url, {"reason": "Left the association."}).status_code == 302
    assert not CommunityMember.objects.filter(community=closed_community, user=second).exists()


def test_removing_someone_who_is_not_a_member_is_404(champion_client, closed_community, outsider):
    url = reverse("communities:member-remove", args=[closed_community.pk, outsider.pk])
    assert champion_client.get(url).status_code == 404


def test_removing_a_member_of_a_full_community_admits_and_emails_the_first_on_the_waiting_list(
    champion_client, closed_community, community_member, join_request, applicant
):
    Community.objects.filter(pk=closed_community.pk).update(max_members=closed_community.member_count)
    champion_client.post(
        reverse("communities:request-decide", args=[closed_community.pk, join_request.pk]), {"decision": "approve"}
    )
    run_pending_tasks()
    mail.outbox.clear()

    champion_client.post(
        reverse("communities:member-remove", args=[closed_community.pk, community_member.pk]), {"reason": "Moved away"}
    )

    assert CommunityMember.objects.filter(community=closed_community, user=applicant).exists()
    run_pending_tasks()
    [message] = [m for m in mail.outbox if m.to == [applicant.email]]
    assert "You have joined Supervisors' Circle" in message.subject


# Appointing and removing champions.

STAFF_ONLY = {
    "anonymous": 302,
    "outsider": 403,
    "community_member": 403,
    "champion": 403,
    "moderator": 403,
    "staff": 200,
    "admin": 200,
}


@pytest.mark.parametrize(("persona", "expected"), STAFF_ONLY.items())
def test_only_staff_manage_champions(persona, expected, client_for, closed_community, champion):
    response = client_for(persona).get(reverse("communities:champions", args=[closed_community.pk]))
    assert response.status_code == expected


def test_staff_see_the_champions_and_their_history_with_notes(staff_client, closed_community, champion, staff):
    ChampionChange.objects.create(
        community=closed_community, user=champion, kind=ChampionChangeKind.APPOINTED, changed_by=staff, note="Founder"
    )
    page = staff_client.get(reverse("communities:champions", args=[closed_community.pk])).content.decode()
    assert "Chloe Champion" in page
    assert "Founder" in page


def test_staff_appoint_a_community_member_as_champion(staff_client, closed_community, community_member):
    url = reverse("communities:champions", args=[closed_community.pk])
    membership = CommunityMember.objects.get(community=closed_community, user=community_member)

    response = _follow(staff_client, url, {"member": membership.pk, "note": "Runs the reading group"})

    assert "Cai Member is now a champion of Supervisors' Circle." in _messages(response)
    membership.refresh_from_db()
    assert membership.role == CommunityRole.CHAMPION
    change = ChampionChange.objects.get(user=community_member)
    assert (change.kind, change.note) == (ChampionChangeKind.APPOINTED, "Runs the reading group")


def test_staff_appoint_a_member_by_email_who_then_joins_the_community(staff_client, closed_community, outsider):
    url = reverse("communities:champions", args=[closed_community.pk])

    staff_client.post(url, {"email": outsider.email.upper()})

    membership = CommunityMember.objects.get(community=closed_community, user=outsider)
    assert membership.role == CommunityRole.CHAMPION


def test_an_unknown_email_is_an_error_next_to_the_field_and_keeps_what_was_typed(staff_client, closed_community):
    url = reverse("communities:champions", args=[closed_community.pk])

    response = staff_client.post(url, {"email": "nobody@example.net", "note": "Keep me"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "No member&#x27;s account uses this e-mail address." in page
    assert 'value="nobody@example.net"' in page
    assert "Keep me" in page


def test_appointing_an_existing_champion_says_so(staff_client, closed_community, champion):
    response = staff_client.post(
        reverse("communities:champions", args=[closed_community.pk]), {"email": champion.email}
    )
    assert response.status_code == 200
    assert "This person is already a champion." in response.content.decode()


def test_staff_remove_a_champion_with_a_note_and_they_stay_a_member(staff_client, closed_community, champion):
    url = reverse("communities:champions", args=[closed_community.pk])

    without_note = staff_client.post(url, {"remove": champion.pk, f"c{champion.pk}-note": ""})
    assert without_note.status_code == 200
    assert CommunityMember.objects.get(community=closed_community, user=champion).role == CommunityRole.CHAMPION

    staff_client.post(url, {"remove": champion.pk, f"c{champion.pk}-note": "Asked to stand back for a term."})

    assert CommunityMember.objects.get(community=closed_community, user=champion).role == CommunityRole.MEMBER
    change = ChampionChange.objects.get(user=champion, kind=ChampionChangeKind.REMOVED)
    assert change.note == "Asked to stand back for a term."


def test_removing_someone_who_is_not_a_champion_is_404(staff_client, closed_community, community_member):
    url = reverse("communities:champions", args=[closed_community.pk])
    response = staff_client.post(url, {"remove": community_member.pk, f"c{community_member.pk}-note": "x"})
    assert response.status_code == 404


# Stepping down.

CHAMPIONS_ONLY = {
    "anonymous": 302,
    "outsider": 403,
    "community_member": 403,
    "applicant": 403,
    "champion": 200,
    "staff": 403,
    "admin": 403,
}


@pytest.mark.parametrize(("persona", "expected"), CHAMPIONS_ONLY.items())
def test_only_champions_can_step_down(persona, expected, client_for, closed_community, champion):
    response = client_for(persona).get(reverse("communities:step-down", args=[closed_community.pk]))
    assert response.status_code == expected


def test_stepping_down_needs_a_handover_note_and_keeps_it(champion_client, closed_community, champion):
    url = reverse("communities:step-down", args=[closed_community.pk])

    response = champion_client.post(url, {"handover_note": " "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()

    response = champion_client.post(url, {"handover_note": "Next meeting is booked for March; agenda in the pins."})

    assert response.status_code == 302
    assert CommunityMember.objects.get(community=closed_community, user=champion).role == CommunityRole.MEMBER
    change = ChampionChange.objects.get(user=champion, kind=ChampionChangeKind.STEPPED_DOWN)
    assert change.note == "Next meeting is booked for March; agenda in the pins."
