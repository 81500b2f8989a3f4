"""A small world for notifications: an open and a closed community, their members, and a helper that
runs what the worker would (events, fan-out batches, due e-mails)."""

import pytest

from practica.notifications.models import Notification
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks


@pytest.fixture
def nw(db):
    open_community = CommunityFactory(name="Open Practice")
    closed = CommunityFactory(name="Closed Circle", membership="closed")
    alice = UserFactory(display_name="Alice Author", email="alice@example.org")
    bob = UserFactory(display_name="Bob Reader", email="bob@example.org")
    carol = UserFactory(display_name="Carol Watcher", email="carol@example.org")
    for person in (alice, bob, carol):
        add_member(open_community, person)
        add_member(closed, person)
    run_pending_tasks()
    return {"open": open_community, "closed": closed, "alice": alice, "bob": bob, "carol": carol}


def settle() -> int:
    return run_pending_tasks()


def notes_for(user, **filters):
    return list(Notification.objects.filter(recipient=user, **filters).order_by("created_at", "pk"))
