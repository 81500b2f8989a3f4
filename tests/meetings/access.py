"""Access-matrix rows for the meetings app's URLs (merged into tests/access_matrix.py).

Most rows ask about the closed community's meetings: the site `member` persona and moderators are outsiders
there and get 404, exactly as if the meeting did not exist; staff and admins see and arrange everything.
"""

from tests.access_matrix_base import MEMBER, MEMBER_POST, PUBLIC, STAFF, Row

INSIDE_CLOSED = {**MEMBER, "member": 404, "moderator": 404}
ARRANGE_CLOSED = {**STAFF, "member": 404, "moderator": 404}


def _closed_community(world):
    return {"pk": world["closed_community_d"].pk}


def _closed(world):
    return {"pk": world["meetings_closed_occurrence"].pk}


ROWS: dict[str, Row] = {
    "meetings:mine": Row(MEMBER),
    "meetings:events": Row(MEMBER),
    "meetings:event-create": Row(STAFF),
    "meetings:community-calendar": Row(INSIDE_CLOSED, kwargs=_closed_community),
    "meetings:create": Row(ARRANGE_CLOSED, kwargs=_closed_community),
    "meetings:occurrence": Row(INSIDE_CLOSED, kwargs=_closed),
    "meetings:occurrence-ics": Row(INSIDE_CLOSED, kwargs=_closed),
    "meetings:occurrence-edit": Row(ARRANGE_CLOSED, kwargs=_closed),
    "meetings:occurrence-cancel": Row(ARRANGE_CLOSED, kwargs=_closed),
    "meetings:attendance": Row(ARRANGE_CLOSED, kwargs=lambda w: {"pk": w["meetings_closed_past_occurrence"].pk}),
    # Anyone who can see the open community's meeting may answer; the answer redirects back to it.
    "meetings:rsvp": Row(
        MEMBER_POST,
        method="post",
        kwargs=lambda w: {"pk": w["meetings_open_occurrence"].pk},
        data=lambda w: {"response": "going"},
    ),
    "meetings:calendar": Row(MEMBER),
    # Calendar apps have no session: the secret token is the key (here the `member` persona's).
    "meetings:feed": Row(PUBLIC, kwargs=lambda w: {"token": w["meetings_feed_token"]}),
    "meetings:suggest": Row(MEMBER),
    "meetings:suggestions": Row(STAFF),
    "meetings:suggestion-review": Row(STAFF, kwargs=lambda w: {"pk": w["meetings_suggestion"].pk}),
}
