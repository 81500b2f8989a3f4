"""Fixtures for the meetings tests: a community with a champion and a member, and the events published."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from practica.core import events
from practica.meetings.services.meetings import create_meeting
from tests.factories import CommunityFactory, UserFactory, add_member

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def published(monkeypatch):
    """Every domain event published during the test, as (name, payload), still stored for the worker."""
    seen = []
    real_publish = events.publish

    def recording_publish(event_name, **payload):
        seen.append((event_name, payload))
        real_publish(event_name, **payload)

    monkeypatch.setattr(events, "publish", recording_publish)
    return seen


def notices(published, kind="notify"):
    return [payload for name, payload in published if name == kind]


@pytest.fixture
def group(db):
    """An open community with a champion and a member."""
    community = CommunityFactory(name="Rural Isolation")
    champion = UserFactory(display_name="Chris Champion")
    add_member(community, champion, role="champion")
    member = UserFactory(display_name="Mina Member")
    add_member(community, member)
    community.refresh_from_db()
    return {"community": community, "champion": champion, "member": member}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def next_week() -> datetime:
    return (timezone.now() + timedelta(days=7)).astimezone(LONDON).replace(hour=18, minute=0, second=0, microsecond=0)


def one_off(community, by, **extra):
    values = {"title": "Peer meeting", "starts_at": next_week(), "joining_link": "https://meet.example.org/x"}
    values.update(extra)
    meeting = create_meeting(community=community, created_by=by, **values)
    return meeting.occurrences.get()
