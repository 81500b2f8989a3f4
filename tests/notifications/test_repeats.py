"""Notices that repeat for one thing (a meeting's reminders and changes, a speaker request's statuses) each reach
the member, through the real services and the worker; only a handler running twice adds nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from practica.experts.services.requests import change_request_status, submit_speaker_request
from practica.meetings.services.meetings import cancel_occurrence, update_occurrence
from practica.meetings.services.reminders import send_due_reminders
from practica.meetings.services.rsvps import respond
from practica.notifications.choices import NotificationKind
from practica.notifications.services.external import notify_from_event
from tests.factories import UserFactory, add_member
from tests.meetings.conftest import one_off
from tests.notifications.conftest import notes_for, settle


def _meeting(nw, start):
    champion = UserFactory(display_name="Chris Champion")
    add_member(nw["open"], champion, role="champion")
    occurrence = one_off(nw["open"], champion, starts_at=start)
    respond(user=nw["bob"], occurrence=occurrence, response="going")
    settle()
    return occurrence, champion


def _meeting_notes(nw):
    return [n.snapshot["excerpt"] for n in notes_for(nw["bob"], kind=NotificationKind.MEETING)]


def test_the_hour_before_reminder_arrives_while_the_day_before_one_is_unread(nw):
    start = timezone.now() + timedelta(days=3)
    _meeting(nw, start)
    with time_machine.travel(start - timedelta(hours=23)):
        send_due_reminders()
        settle()
    with time_machine.travel(start - timedelta(minutes=50)):
        send_due_reminders()
        settle()
    excerpts = _meeting_notes(nw)
    assert len(excerpts) == 2
    assert excerpts[0].startswith("Tomorrow:")
    assert excerpts[1].startswith("Starts within the hour:")


def test_a_change_and_a_cancellation_after_an_unread_reminder_are_both_told(nw):
    start = timezone.now() + timedelta(hours=20)
    occurrence, champion = _meeting(nw, start)
    send_due_reminders()
    settle()
    update_occurrence(actor=champion, occurrence=occurrence, venue="Room 4")
    settle()
    cancel_occurrence(actor=champion, occurrence=occurrence, reason="The speaker is unwell.")
    settle()
    excerpts = _meeting_notes(nw)
    assert [e.split(":")[0] for e in excerpts] == ["Tomorrow", "New venue", "Cancelled"]
    assert "The speaker is unwell." in excerpts[-1]


def test_every_status_of_a_speaker_request_reaches_the_requester_even_a_return_to_an_earlier_one(nw, staff):
    speaker_request = submit_speaker_request(
        requester=nw["bob"], community=nw["open"], topic="Working with interpreters", why="Many of us do."
    )
    for status in ("in_review", "looking", "in_review"):
        change_request_status(actor=staff, speaker_request=speaker_request, status=status)
        settle()
    excerpts = [n.snapshot["excerpt"] for n in notes_for(nw["bob"], kind=NotificationKind.SPEAKER_REQUEST)]
    assert excerpts == ["Status: In review", "Status: Looking for a speaker", "Status: In review"]


def test_a_notice_delivered_twice_is_told_once(nw):
    start = timezone.now() + timedelta(hours=20)
    occurrence, _champion = _meeting(nw, start)
    payload = {
        "recipient_ids": [nw["bob"].pk],
        "kind": "meeting",
        "target": "meetings.occurrence",
        "target_id": occurrence.pk,
        "community_id": nw["open"].pk,
        "snapshot": {"title": occurrence.title, "excerpt": "Tomorrow: soon.", "url": occurrence.get_absolute_url()},
    }
    assert notify_from_event(**payload) == 1
    assert notify_from_event(**payload) == 0
    assert len(_meeting_notes(nw)) == 1


def _reminders_for(nw, choice, start):
    from practica.notifications.services.email import update_email_preferences

    update_email_preferences(user=nw["bob"], modes={}, digest_frequency="daily", meeting_reminders=choice)
    with time_machine.travel(start - timedelta(hours=23)):
        send_due_reminders()
        settle()
    with time_machine.travel(start - timedelta(minutes=50)):
        send_due_reminders()
        settle()
    return [e.split(":")[0] for e in _meeting_notes(nw)]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("both", ["Tomorrow", "Starts within the hour"]),
        ("day", ["Tomorrow"]),
        ("hour", ["Starts within the hour"]),
        ("none", []),
    ],
)
def test_members_get_only_the_meeting_reminders_they_chose(nw, choice, expected):
    start = timezone.now() + timedelta(days=3)
    _meeting(nw, start)
    assert _reminders_for(nw, choice, start) == expected


def test_no_reminders_still_leaves_changes_told_and_the_choice_does_not_touch_other_members(nw):
    start = timezone.now() + timedelta(days=3)
    occurrence, champion = _meeting(nw, start)
    respond(user=nw["carol"], occurrence=occurrence, response="going")
    assert _reminders_for(nw, "none", start) == []
    assert len(notes_for(nw["carol"], kind=NotificationKind.MEETING)) == 2
    update_occurrence(actor=champion, occurrence=occurrence, venue="Room 4")
    settle()
    assert [e.split(":")[0] for e in _meeting_notes(nw)] == ["New venue"]
