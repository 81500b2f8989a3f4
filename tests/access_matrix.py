"""Who gets which status on every page of Practica: one row per URL name.

tests/test_access_matrix.py requests each row as every persona, and fails if any URL pattern of ours is
missing from this table, so no page escapes the access rules. Add a row with every new URL.
"""

from tests.access_matrix_base import ADMIN, ADMIN_POST, MEMBER, MEMBER_POST, PUBLIC, STAFF, STAFF_POST, Row  # noqa: F401


def _failed_email():
    from practica.core.models import OutboxEmail, OutboxStatus
    from practica.core.outbox import enqueue_email

    email = enqueue_email(key="access-matrix", to="someone@example.org", subject="Hello", text="Hello")
    OutboxEmail.objects.filter(pk=email.pk).update(status=OutboxStatus.FAILED, attempts=8)
    return email


ACCESS: dict[str, Row] = {
    "core:home": Row(MEMBER),
    "core:robots": Row(PUBLIC),
    "core:health": Row(PUBLIC),
    # The e-mail outbox (staff); the POSTs act on a failed e-mail written for the row, and redirect.
    "core:outbox": Row(STAFF),
    "core:outbox-retry": Row(STAFF_POST, method="post", kwargs=lambda w: {"pk": _failed_email().pk}),
    "core:outbox-cancel": Row(STAFF_POST, method="post", kwargs=lambda w: {"pk": _failed_email().pk}),
    # Members, profiles, own account.
    "accounts:directory": Row(MEMBER),
    "accounts:profile": Row(MEMBER, kwargs=lambda w: {"pk": w["other_member"].pk}),
    "accounts:profile-edit": Row(MEMBER),
    "accounts:profile-preview": Row(MEMBER),
    # Served only through this view; `other_member` has a photo visible to all members.
    "accounts:profile-photo": Row(MEMBER, kwargs=lambda w: {"pk": w["other_member"].pk}),
    "accounts:account": Row(MEMBER),
    # Blocking: private to the blocker; the POST blocks (or unblocks) `other_member` and redirects.
    "accounts:block": Row(MEMBER_POST, method="post", kwargs=lambda w: {"pk": w["other_member"].pk}),
    "accounts:unblock": Row(MEMBER_POST, method="post", kwargs=lambda w: {"pk": w["other_member"].pk}),
    "accounts:blocks": Row(MEMBER),
    "accounts:data-export": Row(MEMBER),
    "accounts:erasure-request": Row(MEMBER),
    # Legal pages are public; accepting them needs a signed-in person (lapsed and suspended ones too).
    "accounts:legal-document": Row(PUBLIC, kwargs=lambda w: {"kind": "terms"}),
    "accounts:legal-version": Row(PUBLIC, kwargs=lambda w: {"kind": "terms", "version": 1}),
    "accounts:legal-accept": Row({**PUBLIC, "anonymous": 302}),
    # Redirects to moderation:report (the row is in tests/moderation/access_cases.py).
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

# Communities. The site's `member` persona is an outsider to the closed community used here.
INSIDE_CLOSED = {**MEMBER, "member": 404, "moderator": 404}
NOT_A_MEMBER = {**MEMBER, "member": 403, "moderator": 403, "staff": 403, "admin": 403}
NOT_YOURS = {**MEMBER, "member": 404, "moderator": 404, "staff": 404, "admin": 404}


def _closed(world, **extra):
    return {"pk": world["closed_community"].pk, **extra}


ACCESS.update(
    {
        "communities:list": Row(MEMBER),
        "communities:division": Row(MEMBER, kwargs=lambda w: {"slug": w["division"].slug}),
        "communities:detail": Row(MEMBER, kwargs=_closed),
        "communities:charter": Row(MEMBER, kwargs=_closed),
        "communities:charter-history": Row(MEMBER, kwargs=_closed),
        "communities:charter-edit": Row(STAFF, kwargs=_closed),
        "communities:edit": Row(STAFF, kwargs=_closed),
        "communities:members": Row(INSIDE_CLOSED, kwargs=_closed),
        "communities:join": Row(MEMBER, kwargs=_closed),
        "communities:leave": Row(NOT_A_MEMBER, kwargs=_closed),
        "communities:withdraw-request": Row({**NOT_YOURS, "anonymous": 302}, method="post", kwargs=_closed),
        "communities:invite-link": Row(STAFF, kwargs=_closed),
        "communities:invite-accept": Row(MEMBER, kwargs=lambda w: _closed(w, token=w["community_invite_token"])),
        "communities:requests": Row(STAFF, kwargs=_closed),
        "communities:request-decide": Row(STAFF, kwargs=lambda w: _closed(w, request_pk=w["join_request"].pk)),
        "communities:member-remove": Row(STAFF, kwargs=lambda w: _closed(w, user_pk=w["closed_insider"].pk)),
        "communities:champions": Row(STAFF, kwargs=_closed),
        "communities:step-down": Row(NOT_A_MEMBER, kwargs=_closed),
        "communities:proposals": Row(MEMBER),
        "communities:proposal-create": Row(MEMBER),
        "communities:proposal": Row(INSIDE_CLOSED, kwargs=lambda w: {"pk": w["proposal"].pk}),
        "communities:proposal-edit": Row(
            {**INSIDE_CLOSED, "staff": 403, "admin": 403}, kwargs=lambda w: {"pk": w["proposal"].pk}
        ),
        "communities:proposal-cosign": Row(
            {**NOT_YOURS, "anonymous": 302}, method="post", kwargs=lambda w: {"pk": w["proposal"].pk}
        ),
        "communities:proposal-review": Row(
            STAFF_POST,
            method="post",
            kwargs=lambda w: {"pk": w["proposal"].pk},
            data=lambda w: {"status": "under_review", "comment": "Looking at it"},
        ),
        "communities:proposal-queue": Row(STAFF),
        "communities:manage": Row(STAFF),
        "communities:create": Row(STAFF),
        "communities:archive": Row(STAFF_POST, method="post", kwargs=_closed, data=lambda w: {"archived": "1"}),
        "communities:divisions": Row(STAFF),
        "communities:division-create": Row(STAFF),
        "communities:division-edit": Row(STAFF, kwargs=lambda w: {"pk": w["division"].pk}),
    }
)

# Discussions: rows kept beside their tests, one file per part of the app.
from tests.discussions.access_curation import ROWS as _curation_rows  # noqa: E402
from tests.discussions.access_reading import ROWS as _reading_rows  # noqa: E402
from tests.discussions.access_writing import ROWS as _writing_rows  # noqa: E402

ACCESS.update(_reading_rows | _writing_rows | _curation_rows)

# The apps above discussions keep their rows beside their tests too.
from tests.development.access import ROWS as _development_rows  # noqa: E402
from tests.experts.access import ROWS as _experts_rows  # noqa: E402
from tests.insights.access import ROWS as _insights_rows  # noqa: E402
from tests.library.access import ROWS as _library_rows  # noqa: E402
from tests.meetings.access import ROWS as _meetings_rows  # noqa: E402
from tests.messaging.access import ROWS as _messaging_rows  # noqa: E402
from tests.moderation.access import ROWS as _moderation_rows  # noqa: E402
from tests.moderation.access_cases import ROWS as _moderation_case_rows  # noqa: E402
from tests.notifications.access import ROWS as _notifications_rows  # noqa: E402
from tests.search.access import ROWS as _search_rows  # noqa: E402
from tests.surveys.access import ROWS as _surveys_rows  # noqa: E402

for _rows in (
    _library_rows,
    _meetings_rows,
    _moderation_rows,
    _moderation_case_rows,
    _notifications_rows,
    _messaging_rows,
    _experts_rows,
    _development_rows,
    _surveys_rows,
    _search_rows,
    _insights_rows,
):
    ACCESS.update(_rows)
