"""Access-matrix rows for the development app's URLs (merged into tests/access_matrix.py).

A member's CPD log and plan are theirs alone: the pages list only the viewer's own, and someone else's entry or
goal answers 404 to everyone, staff and admins included, exactly as if it did not exist.
"""

from tests.access_matrix_base import ADMIN, ADMIN_POST, MEMBER, MEMBER_POST, PUBLIC, STAFF, STAFF_POST, Row  # noqa: F401

NOT_YOURS = {**MEMBER, "member": 404, "moderator": 404, "staff": 404, "admin": 404}


def _entry(world):
    return {"pk": world["development_entry"].pk}


def _goal(world):
    return {"pk": world["development_goal"].pk}


ROWS: dict[str, Row] = {
    "development:log": Row(MEMBER),
    "development:entry-create": Row(MEMBER),
    "development:entry-edit": Row(NOT_YOURS, kwargs=_entry),
    "development:entry-delete": Row(NOT_YOURS, kwargs=_entry),
    "development:export": Row(MEMBER),
    "development:plan": Row(MEMBER),
    "development:goal-create": Row(MEMBER),
    "development:goal-edit": Row(NOT_YOURS, kwargs=_goal),
    "development:goal-delete": Row(NOT_YOURS, kwargs=_goal),
}
