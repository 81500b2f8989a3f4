"""The CPD log with the rest of the site: attendance recorded by a meeting's chair, the member's data export."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from practica.accounts.queries import build_data_export
from practica.development.models import CpdEntry
from practica.development.services.log import add_cpd_entry
from practica.development.services.plan import add_goal
from practica.meetings.models import Occurrence
from practica.meetings.services.meetings import create_meeting, record_attendance
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks

pytestmark = pytest.mark.django_db


def test_attendance_recorded_by_the_chair_reaches_each_attendees_log_once():
    community = CommunityFactory()
    champion, ann, ben = UserFactory(), UserFactory(), UserFactory()
    add_member(community, champion, role="champion")
    add_member(community, ann)
    add_member(community, ben)
    starts_at = timezone.now() + datetime.timedelta(days=1)
    meeting = create_meeting(
        community=community,
        title="Peer support",
        starts_at=starts_at,
        duration_minutes=120,
        created_by=champion,
        joining_link="https://meet.example.org/x",
    )
    occurrence = Occurrence.objects.filter(meeting=meeting).get()
    with time_machine.travel(starts_at + datetime.timedelta(hours=3), tick=False):
        record_attendance(actor=champion, occurrence=occurrence, attendee_ids=[ann.pk, ben.pk])
        run_pending_tasks()
        record_attendance(actor=champion, occurrence=occurrence, attendee_ids=[ann.pk])
        run_pending_tasks()
    entry = CpdEntry.objects.get(member=ann)
    assert (entry.title, entry.hours, entry.occurrence_id) == ("Peer support", Decimal("2.00"), occurrence.pk)
    assert not CpdEntry.objects.filter(member=ben).exists()


def test_the_members_data_export_holds_their_log_and_plan_only(member):
    add_cpd_entry(member=member, date=datetime.date(2025, 1, 2), title="Mine", hours=Decimal("1"), category="reading")
    add_cpd_entry(
        member=UserFactory(), date=datetime.date(2025, 1, 2), title="Theirs", hours=Decimal("1"), category="reading"
    )
    add_goal(member=member, title="My goal")
    data = build_data_export(member)
    assert [entry["title"] for entry in data["cpd_log"]] == ["Mine"]
    assert [goal["goal"] for goal in data["development_plan"]] == ["My goal"]
