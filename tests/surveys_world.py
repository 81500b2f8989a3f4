"""Objects of the surveys app for the access matrix (tests/test_access_matrix.py). Keys start with "surveys"."""

import pytest


@pytest.fixture
def surveys_world(db, discussion_world, member, staff) -> dict:
    return {}
