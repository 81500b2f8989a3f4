"""Objects of the development app for the access matrix (tests/test_access_matrix.py). Keys start with "development"."""

import pytest


@pytest.fixture
def development_world(db, discussion_world, member, staff) -> dict:
    return {}
