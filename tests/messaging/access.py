"""Access-matrix rows for the messaging app's URLs (merged into tests/access_matrix.py).

The conversation of `messaging_world` is between the site `member` and another member: everyone else,
moderators, staff and admins included, gets 404 on it, exactly as if it did not exist (staff cannot browse
private messages). The flagged message is readable by the reviewers of its queue item: moderators and staff.
"""

from tests.access_matrix_base import MEMBER, MEMBER_POST, Row

# Only the participant; staff and moderators get 404 like any outsider.
PARTICIPANT = {**MEMBER, "moderator": 404, "staff": 404, "admin": 404}
PARTICIPANT_POST = {**MEMBER_POST, "moderator": 404, "staff": 404, "admin": 404}
# Reviewers of the queue item: moderators and staff; other members get 404 (tests/messaging/test_views.py).
# The member is a participant: they are taken to the message in its conversation (a redirect).
REVIEWERS = {**MEMBER, "member": 302}


def _conversation(w):
    return {"pk": w["messaging_conversation"].pk}


ROWS: dict[str, Row] = {
    "messaging:inbox": Row(MEMBER),
    "messaging:new": Row(MEMBER),
    "messaging:preferences": Row(MEMBER),
    "messaging:conversation": Row(PARTICIPANT, kwargs=_conversation),
    "messaging:leave": Row(PARTICIPANT, kwargs=_conversation),
    "messaging:mute": Row(PARTICIPANT_POST, method="post", kwargs=_conversation, data=lambda w: {"muted": "1"}),
    "messaging:reported-message": Row(REVIEWERS, kwargs=lambda w: {"pk": w["messaging_flagged_message"].pk}),
}
