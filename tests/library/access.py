"""Access-matrix rows for the library app's URLs (merged into tests/access_matrix.py).

Objects come from tests/library_world.py: `member` reads the open community (and owns `library_own_item`)
and is an outsider to the closed one; moderators are not members of either; staff read everything."""

from tests.access_matrix_base import MEMBER, MEMBER_POST, STAFF, STAFF_POST, Row

# Inside a closed community the site member and moderator do not belong to: 404, as if it did not exist.
CLOSED_INSIDE = {**MEMBER, "member": 404, "moderator": 404}
# Pages for people who may add to some library: the moderator persona belongs to no community.
ADDERS = {**MEMBER, "moderator": 403}

ROWS: dict[str, Row] = {
    "library:index": Row(MEMBER),
    "library:community": Row(CLOSED_INSIDE, kwargs=lambda w: {"pk": w["library_closed_community"].pk}),
    "library:item": Row(CLOSED_INSIDE, kwargs=lambda w: {"pk": w["library_closed_item"].pk}),
    "library:collections": Row(MEMBER),
    "library:collection": Row(CLOSED_INSIDE, kwargs=lambda w: {"pk": w["library_closed_collection"].pk}),
    # Files: only through these views, for readers of the item's library.
    "library:download": Row(MEMBER, kwargs=lambda w: {"pk": w["library_open_item"].pk}),
    "library:version-download": Row(CLOSED_INSIDE, kwargs=lambda w: {"pk": w["library_closed_version"].pk}),
    "library:thumbnail": Row(MEMBER, kwargs=lambda w: {"pk": w["library_image_version"].pk}),
    # Adding and looking after items: `member` edits their own; champions and staff any in their community.
    "library:item-create": Row(ADDERS),
    "library:item-edit": Row(ADDERS, kwargs=lambda w: {"pk": w["library_own_item"].pk}),
    "library:version-create": Row(ADDERS, kwargs=lambda w: {"pk": w["library_own_item"].pk}),
    "library:item-remove": Row(MEMBER, kwargs=lambda w: {"pk": w["library_own_item"].pk}),
    "library:item-hide": Row(
        {**MEMBER_POST, "member": 403}, method="post", kwargs=lambda w: {"pk": w["library_open_item"].pk}
    ),
    "library:like": Row(MEMBER_POST, method="post", kwargs=lambda w: {"pk": w["library_open_item"].pk}),
    "library:item-collect": Row(
        STAFF_POST,
        method="post",
        kwargs=lambda w: {"pk": w["library_link_item"].pk},
        data=lambda w: {"collection": w["library_open_collection"].pk},
    ),
    # Collections: champions for their community, staff for the site.
    "library:collection-create": Row(STAFF),
    "library:collection-edit": Row(STAFF, kwargs=lambda w: {"pk": w["library_open_collection"].pk}),
    "library:collection-entry": Row(
        STAFF_POST,
        method="post",
        kwargs=lambda w: {"pk": w["library_open_collection"].pk, "item_pk": w["library_open_item"].pk},
        data=lambda w: {"action": "down"},
    ),
}
