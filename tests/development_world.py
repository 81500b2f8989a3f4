"""Objects of the development app for the access matrix (tests/test_access_matrix.py). Keys start with "development".

The entry and the goal belong to someone who is none of the personas: the CPD log is private to its member, so
every persona — staff and admins included — must get 404 on them."""

import datetime
from decimal import Decimal

import pytest

from practica.development.services.log import add_cpd_entry
from practica.development.services.plan import add_goal


@pytest.fixture
def development_world(db, discussion_world, member, staff) -> dict:
    owner = discussion_world["topic_author"]
    entry = add_cpd_entry(
        member=owner,
        date=datetime.date(2025, 3, 1),
        title="Read a book on attachment",
        hours=Decimal("2"),
        category="reading",
        learned="Private reflection",
    )
    goal = add_goal(member=owner, title="Train in couples work")
    return {"development_entry": entry, "development_goal": goal}
