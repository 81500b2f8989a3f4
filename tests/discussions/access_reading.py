"""Access-matrix rows for the reading views of discussions (see tests/access_matrix.py).

The site's `member` persona belongs to "Open Practice" and is an outsider to "Closed Circle": everything
inside the closed community answers 404 for them (and for moderators, who are not its members), exactly as
if it did not exist. Staff and admins may read inside every community.
"""

from tests.access_matrix_base import MEMBER, STAFF, Row  # noqa: F401

# Inside the closed community: 404 for people who are not its members.
INSIDE_CLOSED = {**MEMBER, "member": 404, "moderator": 404}
# A form post inside the closed community, answered with a redirect for those who may act.
INSIDE_CLOSED_POST = {**INSIDE_CLOSED, "staff": 302, "admin": 302}
# Someone else's bookmark: 404 for everyone who may use the site.
NOT_YOURS = {**MEMBER, "member": 404, "moderator": 404, "staff": 404, "admin": 404}


def _closed_community(world):
    return {"pk": world["closed_community_d"].pk}


def _closed_topic(world):
    return {"pk": world["closed_topic"].pk}


def _closed_reply(world):
    return {"pk": world["closed_reply"].pk}


def _first_poll_option(world):
    return {"option": world["open_topic"].poll.options.order_by("position").first().pk}


ROWS: dict = {
    "discussions:topic-list": Row(INSIDE_CLOSED, kwargs=_closed_community),
    "discussions:mark-read": Row(INSIDE_CLOSED_POST, method="post", kwargs=_closed_community),
    "discussions:topic": Row(INSIDE_CLOSED, kwargs=_closed_topic),
    # The permalink redirects to the page and anchor of the post.
    "discussions:post": Row({**INSIDE_CLOSED, "staff": 302, "admin": 302}, kwargs=_closed_reply),
    # Staff and admins may like someone else's post in any community they can read.
    "discussions:like": Row(INSIDE_CLOSED_POST, method="post", kwargs=_closed_reply),
    "discussions:likers": Row(INSIDE_CLOSED, kwargs=_closed_reply),
    "discussions:bookmark": Row(INSIDE_CLOSED, kwargs=_closed_reply),
    # The closed topic is a discussion, not a question: those who may see it are told why they cannot.
    "discussions:accept-answer": Row(
        {**INSIDE_CLOSED, "staff": 403, "admin": 403}, method="post", kwargs=_closed_reply
    ),
    # The poll is in the open community: its members (and staff) vote; a moderator who has not joined may not.
    "discussions:poll-vote": Row(
        {**MEMBER, "member": 302, "moderator": 403, "staff": 302, "admin": 302},
        method="post",
        kwargs=lambda w: {"pk": w["open_topic"].pk},
        data=_first_poll_option,
    ),
    # Files attached to a post in the closed community: served only to those who may read it.
    "discussions:attachment": Row(INSIDE_CLOSED, kwargs=lambda w: {"pk": w["closed_attachment"].pk}),
    "discussions:attachment-thumbnail": Row(INSIDE_CLOSED, kwargs=lambda w: {"pk": w["closed_attachment"].pk}),
    "discussions:research": Row(MEMBER),
    "discussions:bookmarks": Row(MEMBER),
    "discussions:bookmark-remove": Row(
        {**NOT_YOURS, "anonymous": 302}, method="post", kwargs=lambda w: {"pk": w["others_bookmark"].pk}
    ),
}
