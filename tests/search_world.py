"""Objects of the search app for the access matrix (tests/test_access_matrix.py). Keys start with "search"."""

import pytest


@pytest.fixture
def search_world(db, discussion_world, member, staff) -> dict:
    return {}
