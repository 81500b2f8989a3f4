"""Objects of the experts app for the access matrix (tests/test_access_matrix.py). Keys start with "experts"."""

import pytest


@pytest.fixture
def experts_world(db, discussion_world, member, staff) -> dict:
    return {}
