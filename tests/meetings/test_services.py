"""Meeting services: who may arrange, series materialised and extended, RSVPs with a waiting list, changes and
cancellations told to those who answered, attendance published for the CPD log, reminders sent once each."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from practica.meetings.choices import OccurrenceStatus, RsvpResponse
from practica.meetings.models import Occurrence, ReminderSent
from practica.meetings.services.errors import MeetingError
from practica.meetings.services.meetings import (
    HORIZON,
    cancel_occurrence,
    create_meeting,
    extend_series,
    record_attendance,
    update_occurrence,
)
from practica.meetings.services.reminders import send_due_reminders
from practica.meetings.services.rsvps import MeetingFull, respond
from practica.meetings.services.suggestions import review_suggestion, suggest_event
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.meetings.conftest import next_week, notices, one_off


def test_a_champion_arranges_a_meeting_and_a_plain_member_cannot(group):
    occurrence = one_off(group["community"], group["champion"])
    assert occurrence.title == "Peer meeting"
    assert occurrence.community == group["community"]
    with pytest.raises(PermissionDenied):
        one_off(group["community"], group["member"])


def test_only_staff_create_site_wide_events(group, staff):
    with pytest.raises(PermissionDenied):
        create_meeting(community=None, title="Annual conference", starts_at=next_week(), created_by=group["champion"])
    meeting = create_meeting(community=None, title="Annual conference", starts_at=next_week(), created_by=staff)
    assert meeting.is_site_wide and meeting.occurrences.count() == 1


def test_a_monthly_series_is_materialised_a_year_ahead_and_extended_idempotently(group):
    meeting = create_meeting(
        community=group["community"],
        title="Monthly peer group",
        starts_at=next_week(),
        created_by=group["champion"],
        recurrence="FREQ=MONTHLY;BYDAY=+1MO",
    )
    count = meeting.occurrences.count()
    assert 12 <= count <= 14
    assert extend_series() == 0
    with time_machine.travel(timezone.now() + timedelta(days=62)):
        created = extend_series()
        assert created >= 1
        assert extend_series() == 0
    assert meeting.occurrences.count() == count + created


def test_an_invalid_rule_is_refused_on_its_field(group):
    with pytest.raises(MeetingError) as refused:
        create_meeting(
            community=group["community"],
            title="Odd",
            starts_at=next_week(),
            created_by=group["champion"],
            recurrence="FREQ=MINUTELY",
        )
    assert refused.value.field == "recurrence"


def test_face_to_face_meetings_need_a_venue(group):
    with pytest.raises(MeetingError) as refused:
        one_off(group["community"], group["champion"], format="face_to_face")
    assert refused.value.field == "venue"


def test_going_to_a_full_meeting_offers_the_waiting_list_and_a_dropout_promotes_the_first_in_line(group, published):
    occurrence = one_off(group["community"], group["champion"], capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    respond(user=first, occurrence=occurrence, response="going")
    with pytest.raises(MeetingFull):
        respond(user=second, occurrence=occurrence, response="going")
    assert respond(user=second, occurrence=occurrence, response="waiting").response == RsvpResponse.WAITING
    assert respond(user=third, occurrence=occurrence, response="waiting").response == RsvpResponse.WAITING
    occurrence.refresh_from_db()
    assert (occurrence.going_count, occurrence.waiting_count) == (1, 2)

    respond(user=first, occurrence=occurrence, response="not_going")
    occurrence.refresh_from_db()
    assert (occurrence.going_count, occurrence.waiting_count) == (1, 1)
    assert occurrence.rsvps.get(user=second).response == RsvpResponse.GOING
    promoted = notices(published)[-1]
    assert promoted["recipient_ids"] == [second.pk]
    assert "A place opened up" in promoted["snapshot"]["excerpt"]
    assert promoted["target"] == "meetings.occurrence" and promoted["target_id"] == occurrence.pk


def test_asking_for_the_waiting_list_when_a_place_is_free_gives_the_place(group):
    occurrence = one_off(group["community"], group["champion"], capacity=5)
    assert respond(user=group["member"], occurrence=occurrence, response="waiting").response == RsvpResponse.GOING


def test_more_places_move_people_up_from_the_waiting_list(group):
    occurrence = one_off(group["community"], group["champion"], capacity=1)
    respond(user=UserFactory(), occurrence=occurrence, response="going")
    waiting = UserFactory()
    respond(user=waiting, occurrence=occurrence, response="waiting")
    update_occurrence(actor=group["champion"], occurrence=occurrence, capacity=2)
    assert occurrence.rsvps.get(user=waiting).response == RsvpResponse.GOING


def test_an_outsider_cannot_answer_for_a_closed_communitys_meeting(group):
    closed = CommunityFactory(membership="closed")
    champion = UserFactory()
    add_member(closed, champion, role="champion")
    occurrence = one_off(closed, champion)
    with pytest.raises(PermissionDenied):
        respond(user=UserFactory(), occurrence=occurrence, response="going")


def test_changing_an_occurrence_tells_those_who_answered_what_changed(group, published):
    occurrence = one_off(group["community"], group["champion"])
    respond(user=group["member"], occurrence=occurrence, response="going")
    update_occurrence(
        actor=group["champion"],
        occurrence=occurrence,
        starts_at=occurrence.starts_at + timedelta(hours=1),
        venue="Room 4",
        format="hybrid",
    )
    notice = notices(published)[-1]
    assert notice["recipient_ids"] == [group["member"].pk]
    assert "Now starts" in notice["snapshot"]["excerpt"] and "Room 4" in notice["snapshot"]["excerpt"]
    occurrence.refresh_from_db()
    assert occurrence.customised and occurrence.sequence == 1


def test_cancelling_this_and_following_stops_the_series(group, published):
    meeting = create_meeting(
        community=group["community"],
        title="Weekly check-in",
        starts_at=next_week(),
        created_by=group["champion"],
        recurrence="FREQ=WEEKLY",
    )
    third = meeting.occurrences.order_by("starts_at")[2]
    respond(user=group["member"], occurrence=third, response="maybe")
    cancelled = cancel_occurrence(actor=group["champion"], occurrence=third, reason="Room closed", following=True)
    assert cancelled == meeting.occurrences.count() - 2
    assert meeting.occurrences.filter(status=OccurrenceStatus.SCHEDULED).count() == 2
    assert "Room closed" in notices(published)[-1]["snapshot"]["excerpt"]
    with time_machine.travel(timezone.now() + HORIZON):
        extend_series()
    assert meeting.occurrences.filter(status=OccurrenceStatus.SCHEDULED).count() == 2


def test_recording_attendance_publishes_the_full_list_each_time(group, published):
    occurrence = one_off(group["community"], group["champion"], starts_at=timezone.now() - timedelta(hours=2))
    other = UserFactory()
    record_attendance(actor=group["champion"], occurrence=occurrence, attendee_ids=[group["member"].pk])
    record_attendance(
        actor=group["champion"],
        occurrence=occurrence,
        attendee_ids=[group["member"].pk, other.pk],
        notes="We discussed endings.",
        resource_links="https://example.org/slides",
    )
    recorded = notices(published, "meeting.attendance_recorded")
    assert [sorted(event["attendee_ids"]) for event in recorded] == [
        [group["member"].pk],
        sorted([group["member"].pk, other.pk]),
    ]
    assert recorded[-1]["duration_minutes"] == 60 and recorded[-1]["community_id"] == group["community"].pk
    assert recorded[-1]["starts_at"] == occurrence.starts_at.isoformat()
    assert occurrence.attendances.count() == 2


def test_attendance_cannot_be_recorded_before_the_meeting_or_by_a_member(group):
    upcoming = one_off(group["community"], group["champion"])
    with pytest.raises(PermissionDenied):
        record_attendance(actor=group["champion"], occurrence=upcoming, attendee_ids=[])
    past = one_off(group["community"], group["champion"], starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        record_attendance(actor=group["member"], occurrence=past, attendee_ids=[])


def test_the_chair_records_attendance(group):
    chair = UserFactory()
    add_member(group["community"], chair)
    past = one_off(group["community"], group["champion"], starts_at=timezone.now() - timedelta(hours=1), chair=chair)
    assert record_attendance(actor=chair, occurrence=past, attendee_ids=[chair.pk]) == [chair.pk]


def test_reminders_go_a_day_and_an_hour_before_once_each(group, published):
    start = timezone.now() + timedelta(days=3)
    occurrence = one_off(group["community"], group["champion"], starts_at=start)
    respond(user=group["member"], occurrence=occurrence, response="going")
    not_going = UserFactory()
    respond(user=not_going, occurrence=occurrence, response="not_going")
    assert send_due_reminders() == 0
    with time_machine.travel(start - timedelta(hours=23)):
        assert send_due_reminders() == 1
        assert send_due_reminders() == 0
    with time_machine.travel(start - timedelta(minutes=50)):
        assert send_due_reminders() == 1
        assert send_due_reminders() == 0
    with time_machine.travel(start + timedelta(minutes=5)):
        assert send_due_reminders() == 0
    reminders = [
        n for n in notices(published) if "Tomorrow" in n["snapshot"]["excerpt"] or "hour" in n["snapshot"]["excerpt"]
    ]
    assert [n["recipient_ids"] for n in reminders] == [[group["member"].pk], [group["member"].pk]]
    assert ReminderSent.objects.filter(occurrence=occurrence).count() == 2


def test_no_reminder_for_a_cancelled_meeting(group):
    start = timezone.now() + timedelta(hours=5)
    occurrence = one_off(group["community"], group["champion"], starts_at=start)
    respond(user=group["member"], occurrence=occurrence, response="going")
    cancel_occurrence(actor=group["champion"], occurrence=occurrence)
    assert send_due_reminders() == 0


def test_members_suggest_events_and_staff_review_them(member, staff):
    suggestion = suggest_event(author=member, what="Working with interpreters", why="Many of us do", format="online")
    with pytest.raises(PermissionDenied):
        review_suggestion(actor=member, suggestion=suggestion, status="planned")
    review_suggestion(actor=staff, suggestion=suggestion, status="planned", note="In the spring programme")
    suggestion.refresh_from_db()
    assert suggestion.status == "planned" and suggestion.reviewed_by == staff


def test_occurrences_copy_the_community_for_visibility(group):
    occurrence = one_off(group["community"], group["champion"])
    assert Occurrence.objects.get(pk=occurrence.pk).community_id == group["community"].pk


def test_changing_a_date_and_every_later_one_updates_the_series(group, published):
    meeting = create_meeting(
        community=group["community"],
        title="Weekly check-in",
        starts_at=next_week(),
        created_by=group["champion"],
        recurrence="FREQ=WEEKLY",
    )
    dates = list(meeting.occurrences.order_by("starts_at"))
    respond(user=group["member"], occurrence=dates[3], response="going")
    update_occurrence(
        actor=group["champion"],
        occurrence=dates[1],
        following=True,
        title="Weekly peer check-in",
        venue="Room 2",
        format="hybrid",
    )
    titles = list(meeting.occurrences.order_by("starts_at").values_list("title", flat=True))
    assert titles[0] == "Weekly check-in" and set(titles[1:]) == {"Weekly peer check-in"}
    meeting.refresh_from_db()
    assert (meeting.title, meeting.venue) == ("Weekly peer check-in", "Room 2")
    assert any(n["target_id"] == dates[3].pk and "Room 2" in n["snapshot"]["excerpt"] for n in notices(published))
    # The date and time stay as they were.
    assert [o.starts_at for o in meeting.occurrences.order_by("starts_at")] == [o.starts_at for o in dates]
