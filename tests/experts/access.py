"""Access-matrix rows for the experts app's URLs (merged into tests/access_matrix.py).

A speaker request is seen by its requester, staff, and the champions of its community; the site's `member` and
`moderator` personas are none of these for the world's requests (404, as if they did not exist). Triage is for
staff and admins; withdrawing is for the requester alone (403 for staff, who can see it).
"""

from tests.access_matrix_base import ADMIN, ADMIN_POST, MEMBER, MEMBER_POST, PUBLIC, STAFF, STAFF_POST, Row  # noqa: F401

NOT_THEIRS = {**MEMBER, "member": 404, "moderator": 404}
NOT_THEIRS_STAFF_POST = {**NOT_THEIRS, "staff": 302, "admin": 302}


def _request(world):
    return {"pk": world["experts_request"].pk}


def _found(world):
    return {"pk": world["experts_found_request"].pk}


ROWS: dict[str, Row] = {
    "experts:directory": Row(MEMBER),
    "experts:profile-edit": Row(MEMBER),
    "experts:my-requests": Row(MEMBER),
    "experts:request-create": Row(MEMBER),
    "experts:request-detail": Row(NOT_THEIRS, kwargs=_request),
    "experts:request-withdraw": Row({**NOT_THEIRS, "staff": 403, "admin": 403}, method="post", kwargs=_request),
    "experts:request-status": Row(
        NOT_THEIRS_STAFF_POST, method="post", kwargs=_request, data=lambda w: {"status-status": "in_review"}
    ),
    "experts:request-suggest": Row(
        NOT_THEIRS_STAFF_POST,
        method="post",
        kwargs=_request,
        data=lambda w: {"suggest-expert": w["experts_expert"].pk},
    ),
    "experts:request-speaker": Row(
        NOT_THEIRS_STAFF_POST, method="post", kwargs=_request, data=lambda w: {"speaker-speaker_name": "Dr Rowe"}
    ),
    "experts:request-schedule": Row({**NOT_THEIRS, "member": 404}, kwargs=_found),
    "experts:queue": Row(STAFF),
}
