"""Objects of the insights app for the access matrix (tests/test_access_matrix.py). Keys start with "insights"."""

import pytest


@pytest.fixture
def insights_world(db, discussion_world, member, staff) -> dict:
    return {}
