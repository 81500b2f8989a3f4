"""Access-matrix rows for the moderation app's URLs (merged into tests/access_matrix.py)."""

from tests.access_matrix_base import ADMIN, ADMIN_POST, MEMBER, MEMBER_POST, PUBLIC, STAFF, STAFF_POST, Row  # noqa: F401

# Moderators, staff and admins review every community's items; members (here not champions) may not.
REVIEWERS = {**STAFF, "moderator": 200}
# Outside the viewer's scope an item does not exist for them.
REVIEWERS_ITEM = {**REVIEWERS, "member": 404}
REVIEWERS_POST = {**REVIEWERS_ITEM, "moderator": 302, "staff": 302, "admin": 302}
# Only the `member` persona owns the flag (or authored the item); for everyone else it does not exist.
OWN = {**MEMBER, "moderator": 404, "staff": 404, "admin": 404}
OWN_POST = {**OWN, "member": 302}

ROWS: dict[str, Row] = {
    # Flags: any member who can see the post may open the flag form.
    "moderation:flag": Row(
        MEMBER, kwargs=lambda w: {"label": "discussions.post", "pk": w["moderation_flagged_post"].pk}
    ),
    "moderation:flag-withdraw": Row(OWN_POST, method="post", kwargs=lambda w: {"pk": w["moderation_member_flag"].pk}),
    # The review queue and its items.
    "moderation:queue": Row(REVIEWERS, note="members who lead no community get 403 with a reason"),
    "moderation:item": Row(REVIEWERS_ITEM, kwargs=lambda w: {"pk": w["moderation_item"].pk}),
    "moderation:item-action": Row(
        REVIEWERS_POST,
        method="post",
        kwargs=lambda w: {"pk": w["moderation_item"].pk},
        data=lambda w: {"action": "claim"},
    ),
    "moderation:request-call": Row(OWN, kwargs=lambda w: {"pk": w["moderation_members_item"].pk}),
    "moderation:sealed-copy": Row(STAFF, kwargs=lambda w: {"pk": w["moderation_sealed_copy"].pk}),
}
