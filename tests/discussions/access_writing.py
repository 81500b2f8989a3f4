"""Access-matrix rows for the writing views of discussions (see tests/access_matrix.py).

Rows use the closed community of `discussion_world`, whose author is a champion there: the site `member` and
`moderator` personas are outsiders (404, as if it did not exist); staff and admins may read and post in it.
"""

from tests.access_matrix_base import MEMBER, MEMBER_POST, Row

# Outsiders to the closed community get 404 on every page inside it.
INSIDE_CLOSED = {**MEMBER, "member": 404, "moderator": 404}
INSIDE_CLOSED_POST = {**MEMBER_POST, "member": 404, "moderator": 404}
# Visible to staff and admins, but not theirs to change (someone else's post or topic).
NOT_THEIRS_CLOSED = {**INSIDE_CLOSED, "staff": 403, "admin": 403}
NOT_YOURS_POST = {**MEMBER, "member": 404, "moderator": 404, "staff": 404, "admin": 404}


def _closed_community(w):
    return {"pk": w["closed_community_d"].pk}


def _closed_topic(w):
    return {"pk": w["closed_topic"].pk}


def _closed_reply(w):
    return {"pk": w["closed_reply"].pk}


ROWS: dict = {
    "discussions:topic-create": Row(INSIDE_CLOSED, kwargs=_closed_community),
    "discussions:reply": Row(INSIDE_CLOSED, kwargs=_closed_topic),
    # Only the topic's author adds a poll later.
    "discussions:poll-add": Row(NOT_THEIRS_CLOSED, kwargs=_closed_topic),
    "discussions:post-edit": Row(NOT_THEIRS_CLOSED, kwargs=_closed_reply),
    # History: the author and moderators; staff and admins moderate everywhere.
    "discussions:post-history": Row(INSIDE_CLOSED, kwargs=_closed_reply),
    "discussions:post-delete": Row(INSIDE_CLOSED, kwargs=_closed_reply),
    "discussions:linked-topic": Row(INSIDE_CLOSED, kwargs=_closed_reply),
    "discussions:preview": Row(MEMBER, method="post", data=lambda w: {"body": "**Hello**"}),
    # The confidentiality check as the member types: a fragment about the posted text, tied to no place.
    "discussions:confidentiality-check": Row(
        MEMBER, method="post", data=lambda w: {"body": "My client's NHS number is 943 476 5919"}
    ),
    "discussions:drafts": Row(MEMBER),
    "discussions:draft-save": Row(
        INSIDE_CLOSED_POST,
        method="post",
        data=lambda w: {"draft_topic": w["closed_topic"].pk, "body": "Half a thought", "next": "/"},
    ),
    "discussions:draft-discard": Row(
        {**NOT_YOURS_POST, "anonymous": 302}, method="post", kwargs=lambda w: {"pk": w["others_draft"].pk}
    ),
    "discussions:mentions": Row(INSIDE_CLOSED, data=lambda w: {"topic": w["closed_topic"].pk, "q": "a"}),
}
