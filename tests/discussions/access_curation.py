"""Access-matrix rows for the curation views of discussions (see tests/access_matrix.py).

They ask about the open community's topic: the site `member` persona can see it but is not its champion
(403 with a reason); site moderators, staff and admins may moderate it. Closed-community cases (404 for
everyone outside, moderators included) are in tests/discussions/test_curation_views.py.
"""

from tests.access_matrix_base import MEMBER, STAFF, Row  # noqa: F401

# Seen but not theirs to moderate: 403 for members; moderators moderate every topic they can see.
MODERATORS = {**MEMBER, "member": 403}


def _open_topic(world):
    return {"pk": world["open_topic"].pk}


ROWS: dict = {
    "discussions:moderate": Row(MODERATORS, kwargs=_open_topic),
    "discussions:move": Row(MODERATORS, kwargs=_open_topic),
    "discussions:split": Row(MODERATORS, kwargs=_open_topic),
    "discussions:merge": Row(MODERATORS, kwargs=_open_topic),
}
