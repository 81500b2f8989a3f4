"""Objects of the library app for the access matrix (tests/test_access_matrix.py). Keys start with "library"."""

import pytest


@pytest.fixture
def library_world(db, discussion_world, member, staff) -> dict:
    return {}
