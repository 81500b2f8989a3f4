"""Who gets which status on every page of Practica: one row per URL name.

tests/test_access_matrix.py requests each row as every persona, and fails if any URL pattern of ours is
missing from this table, so no page escapes the access rules. Add a row with every new URL.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PUBLIC = {p: 200 for p in ("anonymous", "member", "lapsed", "suspended", "moderator", "staff", "admin")}
# Signed-in current members; lapsed and suspended people get an explanatory page (403).
MEMBER = {
    "anonymous": 302,
    "member": 200,
    "lapsed": 403,
    "suspended": 403,
    "moderator": 200,
    "staff": 200,
    "admin": 200,
}
# Staff (the Lead) and admins only; others who may use the site get 403 with a reason.
STAFF = {**MEMBER, "member": 403, "moderator": 403}
ADMIN = {**STAFF, "staff": 403}
# A form post that ends in a redirect (Post/Redirect/Get).
MEMBER_POST = {**MEMBER, "member": 302, "moderator": 302, "staff": 302, "admin": 302}
STAFF_POST = {**STAFF, "staff": 302, "admin": 302}
ADMIN_POST = {**ADMIN, "admin": 302}


@dataclass(frozen=True)
class Row:
    expected: dict[str, int]
    method: str = "get"
    kwargs: Callable[[dict], dict] = lambda world: {}
    data: Callable[[dict], dict] = lambda world: {}
    note: str = field(default="")


ACCESS: dict[str, Row] = {
    "core:home": Row(MEMBER),
    "core:robots": Row(PUBLIC),
    "core:health": Row(PUBLIC),
    # Members, profiles, own account.
    "accounts:directory": Row(MEMBER),
    "accounts:profile": Row(MEMBER, kwargs=lambda w: {"pk": w["other_member"].pk}),
    "accounts:profile-edit": Row(MEMBER),
    "accounts:profile-preview": Row(MEMBER),
    "accounts:account": Row(MEMBER),
    "accounts:data-export": Row(MEMBER),
    "accounts:erasure-request": Row(MEMBER),
    # Legal pages are public; accepting them needs a signed-in person (lapsed and suspended ones too).
    "accounts:legal-document": Row(PUBLIC, kwargs=lambda w: {"kind": "terms"}),
    "accounts:legal-version": Row(PUBLIC, kwargs=lambda w: {"kind": "terms", "version": 1}),
    "accounts:legal-accept": Row({**PUBLIC, "anonymous": 302}),
    "accounts:report-concern": Row(MEMBER),
    "accounts:invitation-accept": Row(PUBLIC, kwargs=lambda w: {"token": w["invitation_token"]}),
    # Staff tools.
    "accounts:staff-home": Row(STAFF),
    "accounts:staff-members": Row(STAFF),
    "accounts:staff-member-role": Row(ADMIN, kwargs=lambda w: {"pk": w["other_member"].pk}),
    "accounts:staff-audit": Row(STAFF),
    "accounts:staff-erasure-list": Row(STAFF),
    "accounts:staff-erasure-decide": Row(STAFF, kwargs=lambda w: {"pk": w["erasure_request"].pk}),
    "accounts:staff-register": Row(STAFF),
    "accounts:staff-register-import": Row(STAFF),
    "accounts:staff-register-import-detail": Row(STAFF, kwargs=lambda w: {"pk": w["register_import"].pk}),
    "accounts:staff-invitations": Row(STAFF),
    "accounts:staff-invitation-create": Row(STAFF),
    "accounts:staff-invitation-revoke": Row(STAFF_POST, method="post", kwargs=lambda w: {"pk": w["invitation"].pk}),
    "accounts:staff-legal": Row(STAFF),
    "accounts:staff-legal-draft": Row(STAFF, kwargs=lambda w: {"kind": "guidelines"}),
    "accounts:staff-legal-publish": Row(STAFF_POST, method="post", kwargs=lambda w: {"pk": w["legal_draft"].pk}),
}
