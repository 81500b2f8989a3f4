"""Speaker requests through their statuses: who may move them, the reason a decline needs, and the notice the
requester gets at each change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from practica.core import visibility
from practica.experts.choices import RequestStatus
from practica.experts.models import SpeakerRequest, SpeakerRequestEvent
from practica.experts.queries import speaker_request_counts
from practica.experts.services.requests import (
    SpeakerRequestError,
    change_request_status,
    record_speaker,
    submit_speaker_request,
    suggest_expert,
    withdraw_speaker_request,
)
from tests.experts.conftest import notify_events
from tests.factories import CommunityFactory, UserFactory


def test_a_member_asks_for_a_speaker_for_a_community_they_belong_to(speaker_request, requester):
    assert speaker_request.status == RequestStatus.SUBMITTED
    assert speaker_request.requester == requester
    assert SpeakerRequestEvent.objects.filter(request=speaker_request, status="submitted").count() == 1
    # The requester is not told about their own submission.
    assert notify_events() == []


def test_nobody_asks_for_a_speaker_for_a_community_they_do_not_belong_to(requester):
    elsewhere = CommunityFactory()
    with pytest.raises(PermissionDenied):
        submit_speaker_request(requester=requester, community=elsewhere, topic="x", why="y")


@pytest.mark.parametrize(
    ("path", "note"),
    [
        (["in_review"], ""),
        (["looking"], ""),
        (["in_review", "looking"], ""),
        (["looking", "in_review"], ""),
        (["declined"], "We had a talk on this last month."),
        (["in_review", "declined"], "Outside what the association offers."),
    ],
)
def test_staff_move_a_request_and_the_requester_is_told_each_time(speaker_request, staff, path, note):
    for status in path:
        change_request_status(actor=staff, speaker_request=speaker_request, status=status, note=note)
    speaker_request.refresh_from_db()
    assert speaker_request.status == path[-1]
    sent = notify_events()
    assert len(sent) == len(path)
    last = sent[-1]
    assert last["recipient_ids"] == [speaker_request.requester_id]
    assert last["kind"] == "speaker"
    assert last["target"] == "experts.speakerrequest"
    assert last["target_id"] == speaker_request.pk
    assert last["community_id"] == speaker_request.community_id
    assert last["actor_id"] == staff.pk
    assert last["group_key"] == ""
    assert last["snapshot"]["title"] == "Complicated grief after suicide"
    assert last["snapshot"]["excerpt"] == f"Status: {RequestStatus(path[-1]).label}"
    assert last["snapshot"]["url"] == f"/speaker-requests/{speaker_request.pk}/"


def test_declining_needs_a_reason(speaker_request, staff):
    with pytest.raises(SpeakerRequestError) as refused:
        change_request_status(actor=staff, speaker_request=speaker_request, status="declined", note="  ")
    assert refused.value.field == "note"
    speaker_request.refresh_from_db()
    assert speaker_request.status == "submitted"
    assert notify_events() == []


def test_the_decline_reason_is_kept_for_the_requester(speaker_request, staff):
    change_request_status(actor=staff, speaker_request=speaker_request, status="declined", note="Not this year.")
    speaker_request.refresh_from_db()
    assert speaker_request.decline_reason == "Not this year."


@pytest.mark.parametrize("status", ["speaker_found", "scheduled", "withdrawn", "submitted"])
def test_staff_cannot_jump_to_statuses_that_need_more_than_a_click(speaker_request, staff, status):
    with pytest.raises(SpeakerRequestError):
        change_request_status(actor=staff, speaker_request=speaker_request, status=status)


def test_a_closed_request_does_not_move_again(speaker_request, staff):
    change_request_status(actor=staff, speaker_request=speaker_request, status="declined", note="No.")
    with pytest.raises(SpeakerRequestError):
        change_request_status(actor=staff, speaker_request=speaker_request, status="in_review")


@pytest.mark.parametrize("persona", ["member", "moderator"])
def test_only_staff_triage(speaker_request, request, persona):
    with pytest.raises(PermissionDenied):
        change_request_status(
            actor=request.getfixturevalue(persona), speaker_request=speaker_request, status="in_review"
        )


def test_champions_cannot_triage_requests_for_their_community(speaker_request, audience_champion):
    with pytest.raises(PermissionDenied):
        change_request_status(actor=audience_champion, speaker_request=speaker_request, status="in_review")


def test_staff_suggest_an_expert_and_record_them_as_the_speaker(speaker_request, staff, expert):
    suggest_expert(actor=staff, speaker_request=speaker_request, expert=expert, note="Wrote the guidance")
    suggest_expert(actor=staff, speaker_request=speaker_request, expert=expert)  # once only
    assert speaker_request.suggestions.count() == 1
    assert notify_events() == []
    record_speaker(actor=staff, speaker_request=speaker_request, speaker=expert)
    speaker_request.refresh_from_db()
    assert speaker_request.status == "speaker_found"
    assert speaker_request.speaker_display == "Eve Expert"
    assert notify_events()[-1]["snapshot"]["excerpt"] == "Status: Speaker found"


def test_a_speaker_found_another_way_is_recorded_by_name(speaker_request, staff):
    record_speaker(actor=staff, speaker_request=speaker_request, speaker_name="Dr Sam Rowe")
    speaker_request.refresh_from_db()
    assert speaker_request.speaker_display == "Dr Sam Rowe"


def test_someone_not_in_the_directory_cannot_be_suggested(speaker_request, staff):
    with pytest.raises(SpeakerRequestError):
        suggest_expert(actor=staff, speaker_request=speaker_request, expert=UserFactory())


def test_looking_again_after_a_speaker_fell_through_clears_the_speaker(speaker_request, staff, expert):
    record_speaker(actor=staff, speaker_request=speaker_request, speaker=expert)
    change_request_status(actor=staff, speaker_request=speaker_request, status="looking", note="Unwell")
    speaker_request.refresh_from_db()
    assert speaker_request.speaker is None
    assert speaker_request.status == "looking"


def test_the_requester_withdraws_an_open_request_without_notifying_themselves(speaker_request, requester):
    withdraw_speaker_request(actor=requester, speaker_request=speaker_request)
    speaker_request.refresh_from_db()
    assert speaker_request.status == "withdrawn"
    assert notify_events() == []


def test_only_the_requester_withdraws(speaker_request, staff, audience_champion):
    for person in (staff, audience_champion):
        with pytest.raises(PermissionDenied):
            withdraw_speaker_request(actor=person, speaker_request=speaker_request)


def test_a_declined_request_cannot_be_withdrawn(speaker_request, staff, requester):
    change_request_status(actor=staff, speaker_request=speaker_request, status="declined", note="No.")
    with pytest.raises(PermissionDenied):
        withdraw_speaker_request(actor=requester, speaker_request=speaker_request)


def test_the_visibility_check_lets_only_requester_staff_and_champions_see_a_request(
    speaker_request, requester, staff, audience_champion, member, moderator
):
    assert visibility.can_see(requester, speaker_request)
    assert visibility.can_see(staff, speaker_request)
    assert visibility.can_see(audience_champion, speaker_request)
    assert not visibility.can_see(member, speaker_request)
    assert not visibility.can_see(moderator, speaker_request)


def test_counts_by_status_for_the_board_report(requester, audience, staff):
    def ask(topic):
        return submit_speaker_request(requester=requester, community=audience, topic=topic, why="why")

    ask("One")
    declined = ask("Two")
    change_request_status(actor=staff, speaker_request=declined, status="declined", note="No")
    old = ask("Three")
    SpeakerRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    now = timezone.now()
    counts = speaker_request_counts(now - datetime.timedelta(days=365), now + datetime.timedelta(seconds=1))
    assert counts["submitted"] == 1
    assert counts["declined"] == 1
    assert counts["scheduled"] == 0
    assert counts["total"] == 2
    assert set(RequestStatus.values) <= set(counts)


def test_the_members_data_export_holds_their_expert_entry_and_requests(speaker_request, requester, expert):
    from practica.accounts.queries import build_data_export

    assert build_data_export(requester)["experts"]["speaker_requests"][0]["topic"] == "Complicated grief after suicide"
    assert build_data_export(expert)["experts"]["expert_entry"]["areas"].startswith("Grief")


def test_staff_tools_offer_the_speaker_request_queue(staff_client):
    from django.urls import reverse

    response = staff_client.get(reverse("accounts:staff-home"))
    assert reverse("experts:queue") in response.text
