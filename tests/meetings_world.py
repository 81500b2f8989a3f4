"""Objects of the meetings app for the access matrix (tests/test_access_matrix.py). Keys start with "meetings"."""

import pytest


@pytest.fixture
def meetings_world(db, discussion_world, member, staff) -> dict:
    return {}
