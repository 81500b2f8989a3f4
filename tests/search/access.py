"""Access-matrix rows for the search app's URLs (merged into tests/access_matrix.py).

Search is for every current member; a result link redirects to what it points at (here an open community's
post); a community's search setting is for its champions and staff (the `member` persona belongs to the open
community but does not lead it: 403); the analytics are for staff.
"""

from tests.access_matrix_base import ADMIN, ADMIN_POST, MEMBER, MEMBER_POST, PUBLIC, STAFF, STAFF_POST, Row  # noqa: F401

ROWS: dict[str, Row] = {
    "search:results": Row(MEMBER, data=lambda world: {"q": "endings"}),
    "search:suggest": Row(MEMBER, data=lambda world: {"q": "endi"}),
    "search:open": Row(MEMBER_POST, data=lambda world: {"r": world["search_open_token"]}),
    "search:policy": Row(STAFF, kwargs=lambda world: {"pk": world["open_community"].pk}),
    "search:analytics": Row(STAFF),
}
