"""Objects of the meetings app for the access matrix (tests/test_access_matrix.py). Keys start with "meetings".

Meetings live in discussion_world's communities: the site `member` persona belongs to the open one and is an
outsider to the closed one, whose meetings must answer 404 to them (and to moderators) on every URL.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from practica.meetings.services.calendars import create_feed_token
from practica.meetings.services.meetings import create_meeting
from practica.meetings.services.suggestions import suggest_event


@pytest.fixture
def meetings_world(db, discussion_world, member, staff) -> dict:
    champion = discussion_world["topic_author"]
    soon = timezone.now() + timedelta(days=7)
    open_meeting = create_meeting(
        community=discussion_world["open_community"],
        title="Open peer meeting",
        starts_at=soon,
        created_by=champion,
        joining_link="https://meet.example.org/open",
    )
    closed_meeting = create_meeting(
        community=discussion_world["closed_community_d"],
        title="Closed case discussion",
        starts_at=soon,
        created_by=champion,
        joining_link="https://meet.example.org/closed",
    )
    closed_past = create_meeting(
        community=discussion_world["closed_community_d"],
        title="Last month's case discussion",
        starts_at=timezone.now() - timedelta(days=3),
        created_by=champion,
    )
    return {
        "meetings_open_occurrence": open_meeting.occurrences.get(),
        "meetings_closed_occurrence": closed_meeting.occurrences.get(),
        "meetings_closed_past_occurrence": closed_past.occurrences.get(),
        "meetings_suggestion": suggest_event(author=member, what="A day on ethics", why="Everyone asks about it"),
        "meetings_feed_token": create_feed_token(user=member),
    }
