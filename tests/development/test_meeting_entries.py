"""Meetings a member attended become CPD entries, through the "meeting.attendance_recorded" event."""

import datetime
from decimal import Decimal

import pytest

from practica.core import events
from practica.development.models import CpdEntry
from practica.development.services.log import hours_for_minutes, record_meeting_attendance, update_cpd_entry
from tests.factories import UserFactory
from tests.helpers import run_pending_tasks

STARTS_AT = "2025-06-10T18:30:00+00:00"


def _record(attendees, *, occurrence_id=7, minutes=90, title="Monthly peer meeting"):
    events.publish(
        "meeting.attendance_recorded",
        occurrence_id=occurrence_id,
        attendee_ids=[user.pk for user in attendees],
        title=title,
        starts_at=STARTS_AT,
        duration_minutes=minutes,
        community_id=3,
    )
    run_pending_tasks()


@pytest.mark.django_db
def test_each_attendee_gets_one_entry_with_the_hours_of_the_meeting():
    ann, ben = UserFactory(), UserFactory()
    _record([ann, ben])
    entry = CpdEntry.objects.get(member=ann)
    assert entry.hours == Decimal("1.50")
    assert entry.title == "Monthly peer meeting"
    assert entry.category == "meeting"
    assert entry.is_automatic
    # 18:30 UTC in June is 19:30 in London: the same day.
    assert entry.date == datetime.date(2025, 6, 10)
    assert CpdEntry.objects.filter(member=ben, occurrence_id=7).count() == 1


@pytest.mark.django_db
def test_recording_the_same_attendance_twice_keeps_one_entry_each():
    ann = UserFactory()
    _record([ann])
    _record([ann])
    assert CpdEntry.objects.filter(member=ann).count() == 1


@pytest.mark.django_db
def test_re_recorded_attendance_updates_the_entry_the_member_has_not_touched():
    ann = UserFactory()
    _record([ann], minutes=60)
    _record([ann], minutes=120, title="Monthly peer meeting (extended)")
    entry = CpdEntry.objects.get(member=ann)
    assert entry.hours == Decimal("2.00")
    assert entry.title == "Monthly peer meeting (extended)"


@pytest.mark.django_db
def test_an_attendee_removed_on_re_recording_loses_the_automatic_entry():
    ann, ben = UserFactory(), UserFactory()
    _record([ann, ben])
    _record([ann])
    assert not CpdEntry.objects.filter(member=ben).exists()
    assert CpdEntry.objects.filter(member=ann).exists()


@pytest.mark.django_db
def test_an_attendee_removed_keeps_an_entry_they_reflected_on():
    ann, ben = UserFactory(), UserFactory()
    _record([ann, ben])
    entry = CpdEntry.objects.get(member=ben)
    update_cpd_entry(member=ben, entry=entry, learned="Contracting for online work matters.")
    _record([ann])
    kept = CpdEntry.objects.get(member=ben)
    assert kept.learned == "Contracting for online work matters."


@pytest.mark.django_db
def test_an_entry_the_member_edited_is_not_overwritten_by_re_recording():
    ann = UserFactory()
    _record([ann], minutes=60)
    entry = CpdEntry.objects.get(member=ann)
    update_cpd_entry(member=ann, entry=entry, hours=Decimal("1.25"))
    _record([ann], minutes=180)
    assert CpdEntry.objects.get(member=ann).hours == Decimal("1.25")


@pytest.mark.django_db
def test_entries_of_different_occurrences_are_separate():
    ann = UserFactory()
    _record([ann], occurrence_id=1)
    _record([ann], occurrence_id=2)
    assert CpdEntry.objects.filter(member=ann).count() == 2


@pytest.mark.django_db
def test_unknown_attendees_are_ignored():
    result = record_meeting_attendance(
        occurrence_id=1, attendee_ids=[999_999], title="x", starts_at=STARTS_AT, duration_minutes=60
    )
    assert result["created"] == 0
    assert not CpdEntry.objects.exists()


def test_hours_are_rounded_to_the_hundredth_and_capped_at_a_day():
    assert hours_for_minutes(50) == Decimal("0.83")
    assert hours_for_minutes(60 * 30) == Decimal("24")


@pytest.mark.django_db
def test_a_meeting_late_on_new_years_eve_in_london_falls_on_each_attendees_own_date():
    from practica.meetings.models import MemberTimeZone

    london, berlin, new_york = UserFactory(), UserFactory(), UserFactory()
    MemberTimeZone.objects.create(user=berlin, time_zone="Europe/Berlin")
    MemberTimeZone.objects.create(user=new_york, time_zone="America/New_York")
    events.publish(
        "meeting.attendance_recorded",
        occurrence_id=11,
        attendee_ids=[london.pk, berlin.pk, new_york.pk],
        title="Year-end reflective circle",
        # 23:30 in London on 31 December (GMT, so the same in UTC).
        starts_at="2025-12-31T23:30:00+00:00",
        duration_minutes=60,
        community_id=3,
    )
    run_pending_tasks()
    assert CpdEntry.objects.get(member=london).date == datetime.date(2025, 12, 31)
    assert CpdEntry.objects.get(member=berlin).date == datetime.date(2026, 1, 1)
    assert CpdEntry.objects.get(member=new_york).date == datetime.date(2025, 12, 31)


@pytest.mark.django_db
def test_a_member_who_changes_time_zone_gets_their_new_date_when_attendance_is_recorded_again():
    from practica.meetings.models import MemberTimeZone

    ann = UserFactory()
    events.publish(
        "meeting.attendance_recorded",
        occurrence_id=12,
        attendee_ids=[ann.pk],
        title="Late circle",
        starts_at="2025-12-31T23:30:00+00:00",
        duration_minutes=60,
    )
    run_pending_tasks()
    assert CpdEntry.objects.get(member=ann).date == datetime.date(2025, 12, 31)
    MemberTimeZone.objects.create(user=ann, time_zone="Asia/Tokyo")
    record_meeting_attendance(
        occurrence_id=12,
        attendee_ids=[ann.pk],
        title="Late circle",
        starts_at="2025-12-31T23:30:00+00:00",
        duration_minutes=60,
    )
    assert CpdEntry.objects.get(member=ann).date == datetime.date(2026, 1, 1)
