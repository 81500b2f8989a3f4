"""Access-matrix rows for the surveys app's URLs (merged into tests/access_matrix.py).

Members answer the surveys whose audience includes them (404 otherwise); staff pages answer 403 to members who
may see the survey and 404 to those who may not (a draft, another community's survey). The benefits record is
for staff and champions: the `member` and `moderator` personas champion nothing (403 on the list, 404 on a
benefit they cannot see).
"""

from tests.access_matrix_base import ADMIN, ADMIN_POST, MEMBER, MEMBER_POST, PUBLIC, STAFF, STAFF_POST, Row  # noqa: F401

HIDDEN = {**STAFF, "member": 404, "moderator": 404}
HIDDEN_POST = {**STAFF_POST, "member": 404, "moderator": 404}


def _open(world):
    return {"pk": world["surveys_open"].pk}


def _draft(world):
    return {"pk": world["surveys_draft"].pk}


def _benefit(world):
    return {"pk": world["surveys_benefit"].pk}


ROWS: dict[str, Row] = {
    "surveys:mine": Row(MEMBER),
    "surveys:answer": Row(
        {**MEMBER, "member": 404, "moderator": 404}, kwargs=lambda w: {"pk": w["surveys_community"].pk}
    ),
    "surveys:thanks": Row(MEMBER_POST, kwargs=_open, note="not answered yet: back to the survey"),
    "surveys:manage": Row(STAFF),
    "surveys:create": Row(STAFF),
    "surveys:detail": Row(STAFF, kwargs=_open),
    "surveys:edit": Row(HIDDEN, kwargs=_draft),
    "surveys:extend": Row(STAFF, kwargs=_open),
    "surveys:publish": Row(HIDDEN_POST, method="post", kwargs=_draft),
    "surveys:delete": Row(HIDDEN, kwargs=_draft),
    "surveys:question-create": Row(HIDDEN, kwargs=_draft),
    "surveys:question-edit": Row(
        HIDDEN, kwargs=lambda w: {"pk": w["surveys_draft"].pk, "question_pk": w["surveys_draft_question"].pk}
    ),
    "surveys:question-delete": Row(
        HIDDEN_POST,
        method="post",
        kwargs=lambda w: {"pk": w["surveys_draft"].pk, "question_pk": w["surveys_draft_question"].pk},
    ),
    "surveys:results": Row(STAFF, kwargs=_open),
    "surveys:results-csv": Row(STAFF, kwargs=_open),
    "surveys:benefits": Row(STAFF),
    "surveys:benefit-create": Row(STAFF),
    "surveys:benefit-edit": Row(HIDDEN, kwargs=_benefit),
    "surveys:benefit-delete": Row(HIDDEN, kwargs=_benefit),
    "surveys:categories": Row(STAFF),
    "surveys:category-edit": Row(STAFF, kwargs=lambda w: {"pk": w["surveys_category"].pk}),
}
