"""The building blocks of the access matrix: expected statuses per persona, and one row per URL."""

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
