"""Objects of the insights app for the access matrix (tests/test_access_matrix.py). Keys start with "insights".

Also: no page-view writer thread in tests. Tests flush the in-memory tallies themselves (counting.flush), so
no thread writes to the test database behind a test's back.
"""

import datetime

import pytest
from django.test import override_settings

from practica.insights.models import Target


@pytest.fixture(scope="session", autouse=True)
def _insights_no_flush_thread():
    with override_settings(INSIGHTS_FLUSH_SECONDS=0):
        yield


@pytest.fixture(autouse=True)
def _insights_fresh_tallies():
    from practica.insights import counting

    counting.discard()
    yield
    counting.discard()


@pytest.fixture
def insights_world(db, discussion_world, member, staff) -> dict:
    target = Target.objects.create(
        metric="new_topics", value=30, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31)
    )
    return {"insights_target": target}
