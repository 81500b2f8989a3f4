"""Objects of the moderation app for the access matrix (tests/test_access_matrix.py). Keys start with "moderation"."""

import pytest


@pytest.fixture
def moderation_world(db, discussion_world, member, staff) -> dict:
    return {}
