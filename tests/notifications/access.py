"""Access-matrix rows for the notifications app's URLs (merged into tests/access_matrix.py).

A notification is its recipient's alone: everyone else gets 404, exactly as if it did not exist. Following a
closed community or topic, and its e-mail policy, are inside the community: 404 for people who are not its
members (the `member` persona and moderators), allowed for staff and admins. The unsubscribe link is public.
"""

from tests.access_matrix_base import MEMBER, MEMBER_POST, PUBLIC, Row

# The member persona's own notification: theirs to open and mark; 404 for every other person.
OWN_POST = {**MEMBER, "member": 302, "moderator": 404, "staff": 404, "admin": 404}
INSIDE_CLOSED = {**MEMBER, "member": 404, "moderator": 404}
INSIDE_CLOSED_POST = {**INSIDE_CLOSED, "staff": 302, "admin": 302}


def _mine(world):
    return {"pk": world["notifications_mine"].pk}


ROWS: dict[str, Row] = {
    "notifications:list": Row(MEMBER),
    "notifications:unread-count": Row(MEMBER),
    "notifications:mark-all-read": Row(MEMBER_POST, method="post"),
    "notifications:open": Row(OWN_POST, method="post", kwargs=_mine),
    "notifications:read": Row(OWN_POST, method="post", kwargs=_mine),
    "notifications:unread": Row(OWN_POST, method="post", kwargs=_mine),
    "notifications:preferences": Row(MEMBER),
    "notifications:rotate-links": Row(MEMBER_POST, method="post"),
    # Opened from an e-mail by anyone holding the link, signed in or not: a page with a button.
    "notifications:unsubscribe": Row(PUBLIC, kwargs=lambda w: {"token": w["notifications_unsubscribe_token"]}),
    "notifications:community-watch": Row(
        INSIDE_CLOSED_POST,
        method="post",
        kwargs=lambda w: {"pk": w["closed_community_d"].pk},
        data=lambda w: {"level": "watching"},
    ),
    "notifications:topic-watch": Row(
        INSIDE_CLOSED_POST,
        method="post",
        kwargs=lambda w: {"pk": w["closed_topic"].pk},
        data=lambda w: {"level": "tracking"},
    ),
    # Champions' (and staff's) page; the closed community's inside is 404 for others.
    "notifications:email-policy": Row(INSIDE_CLOSED, kwargs=lambda w: {"pk": w["closed_community_d"].pk}),
}
