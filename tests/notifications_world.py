"""Objects of the notifications app for the access matrix. Keys start with "notifications"."""

import pytest


@pytest.fixture
def notifications_world(db, discussion_world, member, staff) -> dict:
    return {}
