"""Objects of the messaging app for the access matrix (tests/test_access_matrix.py). Keys start with "messaging"."""

import pytest


@pytest.fixture
def messaging_world(db, discussion_world, member, staff) -> dict:
    return {}
