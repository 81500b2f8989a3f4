"""Access-matrix rows for the insights app's URLs (merged into tests/access_matrix.py).

The site's `member` persona belongs to the open community without championing it: its dashboard answers
403; the closed community's answers 404 to them, as if it did not exist."""

from tests.access_matrix_base import MEMBER, STAFF, STAFF_POST, Row

_community = {**STAFF}
_closed_community = {**STAFF, "member": 404, "moderator": 404}

ROWS: dict[str, Row] = {
    "insights:what-we-count": Row(MEMBER),
    "insights:dashboard": Row(STAFF),
    "insights:export": Row(STAFF, data=lambda w: {"chart": "all"}),
    "insights:community": Row(_community, kwargs=lambda w: {"pk": w["open_community"].pk}),
    "insights:community-export": Row(_community, kwargs=lambda w: {"pk": w["open_community"].pk}),
    "insights:targets": Row(STAFF),
    "insights:target-create": Row(STAFF),
    "insights:target-edit": Row(STAFF, kwargs=lambda w: {"pk": w["insights_target"].pk}),
    "insights:target-delete": Row(
        STAFF_POST, method="post", kwargs=lambda w: {"pk": w["insights_target"].pk}, note="deletes, then redirects"
    ),
    "insights:board-report": Row(STAFF),
    "insights:board-report-csv": Row(STAFF),
}
