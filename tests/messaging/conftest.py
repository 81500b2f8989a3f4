import pytest

from practica.messaging.services import start_conversation
from tests.factories import UserFactory


@pytest.fixture
def published(monkeypatch):
    """Events the messaging services publish, as (name, payload), instead of storing them."""
    from practica.messaging import services

    events = []
    monkeypatch.setattr(services.events, "publish", lambda name, **payload: events.append((name, payload)))
    return events


@pytest.fixture
def friend(db):
    return UserFactory(display_name="Fran Friend")


@pytest.fixture
def conversation(member, friend):
    return start_conversation(sender=friend, recipients=[member], subject="Supervision swap", body="Shall we swap?")
