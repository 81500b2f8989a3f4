"""Speaker requests in the browser: asking, following, withdrawing, and staff's queue, triage and scheduling.
Every role that may and may not use each page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from practica.experts.models import SpeakerRequest
from practica.experts.services.requests import change_request_status, record_speaker, submit_speaker_request
from practica.meetings.models import Meeting
from tests.experts.conftest import client_for, notify_events
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for


def _detail(speaker_request):
    return reverse("experts:request-detail", args=[speaker_request.pk])


# Asking for a speaker.


def test_member_asks_for_a_speaker_and_lands_on_the_request(requester, audience):
    client = client_for(requester)
    page = client.get(reverse("experts:request-create"))
    assert "Bereavement Practice" in page.text
    response = client.post(
        reverse("experts:request-create"),
        {
            "topic": "Working with traumatic loss",
            "community": audience.pk,
            "why": "We keep meeting it.",
            "preferred_format": "workshop",
            "preferred_dates": "Spring",
        },
        follow=True,
    )
    assert "Your request is with the staff team." in response.text
    assert "Working with traumatic loss" in response.text
    assert SpeakerRequest.objects.get().requester == requester


def test_the_audience_is_chosen_only_among_the_members_communities(requester):
    other = CommunityFactory(name="Somewhere Else")
    client = client_for(requester)
    assert "Somewhere Else" not in client.get(reverse("experts:request-create")).text
    response = client.post(
        reverse("experts:request-create"), {"topic": "x", "community": other.pk, "why": "y", "preferred_format": "any"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not SpeakerRequest.objects.exists()


def test_a_member_of_no_community_is_told_to_join_one_first(member_client):
    response = member_client.get(reverse("experts:request-create"))
    assert "Join a community first" in response.text


def test_missing_fields_are_explained_and_input_kept(requester, audience):
    response = client_for(requester).post(
        reverse("experts:request-create"), {"topic": "Shame in supervision", "community": audience.pk, "why": ""}
    )
    assert "This field is required." in response.text
    assert 'value="Shame in supervision"' in response.text


# Who sees a request.


@pytest.mark.parametrize(("persona", "status"), [("member", 404), ("moderator", 404), ("staff", 200), ("admin", 200)])
def test_a_request_is_seen_by_staff_and_not_by_other_members(speaker_request, persona_clients, persona, status):
    assert persona_clients[persona].get(_detail(speaker_request)).status_code == status


def test_the_requester_and_the_communitys_champion_see_the_request(speaker_request, requester, audience_champion):
    for person in (requester, audience_champion):
        response = client_for(person).get(_detail(speaker_request))
        assert response.status_code == 200
        assert "Complicated grief after suicide" in response.text
        assert "Handle this request" not in response.text


def test_a_champion_of_another_community_gets_404(speaker_request):
    other_champion = UserFactory()
    add_member(CommunityFactory(), other_champion, role="champion")
    assert client_for(other_champion).get(_detail(speaker_request)).status_code == 404


def test_my_requests_lists_own_requests_and_those_for_communities_i_champion(
    speaker_request, requester, audience_champion, member_client
):
    assert "Complicated grief after suicide" in client_for(requester).get(reverse("experts:my-requests")).text
    assert "Complicated grief after suicide" in client_for(audience_champion).get(reverse("experts:my-requests")).text
    assert "Complicated grief after suicide" not in member_client.get(reverse("experts:my-requests")).text


def test_my_requests_costs_the_same_queries_with_one_and_fifty(requester, audience):
    client = client_for(requester)

    def ask(n):
        for number in range(n):
            submit_speaker_request(requester=requester, community=audience, topic=f"Topic {number}", why="why")

    ask(1)
    with_one = queries_for(client, reverse("experts:my-requests"))
    ask(49)
    assert queries_for(client, reverse("experts:my-requests")) == with_one


# Withdrawing.


def test_the_requester_withdraws_their_request(speaker_request, requester):
    client = client_for(requester)
    assert "Withdraw this request" in client.get(_detail(speaker_request)).text
    response = client.post(reverse("experts:request-withdraw", args=[speaker_request.pk]), follow=True)
    assert "Your request is withdrawn." in response.text
    speaker_request.refresh_from_db()
    assert speaker_request.status == "withdrawn"


def test_a_champion_sees_but_cannot_withdraw_someone_elses_request(speaker_request, audience_champion):
    response = client_for(audience_champion).post(reverse("experts:request-withdraw", args=[speaker_request.pk]))
    assert response.status_code == 403


# Staff triage.


def test_staff_queue_lists_open_requests_and_filters_by_status(
    speaker_request, staff_client, staff, requester, audience
):
    declined = submit_speaker_request(requester=requester, community=audience, topic="Declined topic", why="why")
    change_request_status(actor=staff, speaker_request=declined, status="declined", note="No")
    page = staff_client.get(reverse("experts:queue"))
    assert "Complicated grief after suicide" in page.text
    assert "Declined topic" not in page.text
    declined_page = staff_client.get(reverse("experts:queue"), {"status": "declined"})
    assert "Declined topic" in declined_page.text
    assert "Complicated grief after suicide" not in declined_page.text


@pytest.mark.parametrize("persona", ["member", "moderator"])
def test_the_queue_is_for_staff_only(persona_clients, persona):
    response = persona_clients[persona].get(reverse("experts:queue"))
    assert response.status_code == 403
    assert "Only staff handle speaker requests." in response.text


def test_the_queue_costs_the_same_queries_with_one_and_fifty(staff_client, requester, audience):
    def ask(n):
        for number in range(n):
            submit_speaker_request(requester=requester, community=audience, topic=f"Topic {number}", why="why")

    ask(1)
    with_one = queries_for(staff_client, reverse("experts:queue"))
    ask(49)
    assert queries_for(staff_client, reverse("experts:queue")) == with_one


def test_staff_see_matching_experts_on_the_request(speaker_request, staff_client, expert):
    response = staff_client.get(_detail(speaker_request))
    assert "Handle this request" in response.text
    assert "Experts whose areas match" in response.text
    assert "Eve Expert" in response.text


def test_staff_change_the_status_and_the_requester_is_told(speaker_request, staff_client):
    response = staff_client.post(
        reverse("experts:request-status", args=[speaker_request.pk]),
        {"status-status": "looking", "status-note": "Asking around"},
        follow=True,
    )
    assert "The request is now “Looking for a speaker”." in response.text
    assert notify_events()[-1]["snapshot"]["excerpt"] == "Status: Looking for a speaker"


def test_declining_without_a_reason_is_explained_next_to_the_field(speaker_request, staff_client):
    response = staff_client.post(
        reverse("experts:request-status", args=[speaker_request.pk]), {"status-status": "declined", "status-note": ""}
    )
    assert response.status_code == 200
    assert "Give the requester a reason for declining." in response.text
    assert 'id="id_status-note_error"' in response.text
    speaker_request.refresh_from_db()
    assert speaker_request.status == "submitted"


def test_the_requester_sees_why_their_request_was_declined(speaker_request, staff, requester):
    change_request_status(actor=staff, speaker_request=speaker_request, status="declined", note="We ran this in May.")
    response = client_for(requester).get(_detail(speaker_request))
    assert "Why it was declined" in response.text
    assert "We ran this in May." in response.text


def test_staff_suggest_an_expert_and_the_requester_sees_the_suggestion(
    speaker_request, staff_client, expert, requester
):
    response = staff_client.post(
        reverse("experts:request-suggest", args=[speaker_request.pk]), {"suggest-expert": expert.pk}, follow=True
    )
    assert "Eve Expert is suggested for this request." in response.text
    assert "Eve Expert" in client_for(requester).get(_detail(speaker_request)).text


def test_staff_record_the_speaker(speaker_request, staff_client, expert):
    response = staff_client.post(
        reverse("experts:request-speaker", args=[speaker_request.pk]), {"speaker-speaker": expert.pk}, follow=True
    )
    assert "The speaker is recorded." in response.text
    assert "Schedule" in response.text
    speaker_request.refresh_from_db()
    assert speaker_request.status == "speaker_found"


def test_recording_a_speaker_needs_an_expert_or_a_name(speaker_request, staff_client):
    response = staff_client.post(reverse("experts:request-speaker", args=[speaker_request.pk]), {})
    assert "Choose an expert, or give the speaker&#x27;s name." in response.text


def test_champions_cannot_triage(speaker_request, audience_champion):
    client = client_for(audience_champion)
    url = reverse("experts:request-status", args=[speaker_request.pk])
    assert client.post(url, {"status-status": "in_review"}).status_code == 403


# Scheduling.


def _found(speaker_request, staff, expert):
    record_speaker(actor=staff, speaker_request=speaker_request, speaker=expert)
    return speaker_request


def _local(days: int) -> str:
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT18:30")


def test_scheduling_creates_the_meeting_in_the_audience_community(
    speaker_request, staff, staff_client, expert, audience
):
    _found(speaker_request, staff, expert)
    url = reverse("experts:request-schedule", args=[speaker_request.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url,
        {
            "title": "Complicated grief after suicide",
            "starts_at": _local(30),
            "duration_minutes": "90",
            "format": "online",
            "joining_link": "https://meet.example.org/grief",
            "venue": "",
        },
        follow=True,
    )
    assert "The meeting is scheduled in Bereavement Practice" in response.text
    meeting = Meeting.objects.get()
    assert meeting.community == audience
    assert meeting.title == "Complicated grief after suicide"
    assert meeting.speaker == expert
    assert meeting.agenda == "Several of us are working with bereaved clients."
    speaker_request.refresh_from_db()
    assert speaker_request.status == "scheduled"
    assert speaker_request.meeting_id == meeting.pk
    assert "See the meeting" in response.text
    assert notify_events()[-1]["snapshot"]["excerpt"] == "Status: Scheduled"


def test_members_reading_the_scheduled_meeting_see_who_is_speaking(
    speaker_request, staff, staff_client, expert, requester
):
    _found(speaker_request, staff, expert)
    staff_client.post(
        reverse("experts:request-schedule", args=[speaker_request.pk]),
        {"title": "Grief work", "starts_at": _local(30), "duration_minutes": "60", "format": "online"},
    )
    occurrence = Meeting.objects.get().occurrences.get()
    page = client_for(requester).get(occurrence.get_absolute_url()).text
    assert "<dt>Speaker</dt>" in page
    assert f'<dt>Speaker</dt><dd><a href="/members/{expert.pk}/">Eve Expert</a></dd>' in page
    # The speaker is not made the chair: the community's champions choose who chairs.
    assert "<dt>Chair</dt>" not in page


def test_a_speaker_found_another_way_is_named_on_the_meeting_page(speaker_request, staff, staff_client, requester):
    record_speaker(actor=staff, speaker_request=speaker_request, speaker_name="Dr Ada Outside")
    staff_client.post(
        reverse("experts:request-schedule", args=[speaker_request.pk]),
        {"title": "Grief work", "starts_at": _local(30), "duration_minutes": "60", "format": "online"},
    )
    meeting = Meeting.objects.get()
    assert meeting.speaker is None and meeting.speaker_name == "Dr Ada Outside"
    page = client_for(requester).get(meeting.occurrences.get().get_absolute_url()).text
    assert "<dt>Speaker</dt><dd>Dr Ada Outside</dd>" in page


def test_scheduling_refusals_are_shown_next_to_the_field(speaker_request, staff, staff_client, expert):
    _found(speaker_request, staff, expert)
    url = reverse("experts:request-schedule", args=[speaker_request.pk])
    response = staff_client.post(
        url, {"title": "Talk", "starts_at": _local(-2), "duration_minutes": "60", "format": "face_to_face", "venue": ""}
    )
    assert "Choose a time in the future." in response.text
    assert "Give the venue" in response.text
    assert not Meeting.objects.exists()


def test_scheduling_waits_for_a_speaker(speaker_request, staff_client):
    response = staff_client.get(reverse("experts:request-schedule", args=[speaker_request.pk]), follow=True)
    assert "Record the speaker before scheduling the meeting." in response.text
