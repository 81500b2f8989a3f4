"""Access-matrix rows for cases, reports, copyright notices, held posts and the moderation settings page."""

from tests.access_matrix_base import MEMBER, MEMBER_POST, STAFF, STAFF_POST, Row

# Cases, notices and settings are staff's alone: for everyone else they do not exist.
STAFF_ONLY = {**STAFF, "member": 404, "moderator": 404}
STAFF_ONLY_POST = {**STAFF_POST, "member": 404, "moderator": 404}
# Held posts are decided by moderators and staff (and the community's champions; `member` is not one).
REVIEWERS_POST = {**STAFF_ONLY_POST, "moderator": 302}


def _case(world):
    return {"pk": world["moderation_case"].pk}


ROWS: dict[str, Row] = {
    "moderation:report": Row(MEMBER),
    "moderation:my-reports": Row(MEMBER),
    "moderation:report-update": Row(
        REVIEWERS_POST,
        method="post",
        kwargs=lambda w: {"pk": w["moderation_report"].pk},
        data=lambda w: {f"r{w['moderation_report'].pk}-status": "in_review"},
    ),
    "moderation:cases": Row(STAFF_ONLY),
    "moderation:case-create": Row(STAFF_ONLY),
    "moderation:case": Row(STAFF_ONLY, kwargs=_case),
    "moderation:case-note": Row(STAFF_ONLY_POST, method="post", kwargs=_case, data=lambda w: {"text": "Spoke today."}),
    "moderation:case-status": Row(STAFF_ONLY_POST, method="post", kwargs=_case, data=lambda w: {"status": "warning"}),
    "moderation:case-print": Row(STAFF_ONLY, kwargs=_case),
    "moderation:case-json": Row(STAFF_ONLY, kwargs=_case),
    "moderation:copyright": Row(MEMBER),
    "moderation:copyright-notices": Row(STAFF_ONLY),
    "moderation:copyright-decide": Row(
        STAFF_ONLY_POST,
        method="post",
        kwargs=lambda w: {"pk": w["moderation_copyright_notice"].pk},
        data=lambda w: {"decision": "reject"},
    ),
    "moderation:copyright-suspend": Row(
        {**STAFF_ONLY, "staff": 403, "admin": 403},
        method="post",
        kwargs=lambda w: {"pk": w["moderation_copyright_notice"].pk},
        note="staff get 403 until the uploader reaches the repeat-infringer count",
    ),
    "moderation:held-post-decide": Row(
        REVIEWERS_POST,
        method="post",
        kwargs=lambda w: {"pk": w["moderation_case_held_item"].pk},
        data=lambda w: {"decision": "approve"},
    ),
    "moderation:settings": Row(STAFF_ONLY),
}
# The old address of the concern form redirects to moderation:report.
ROWS["accounts:report-concern"] = Row({**MEMBER_POST, "lapsed": 403, "suspended": 403})
