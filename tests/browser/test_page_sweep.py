"""Every page without parameters, opened by the Lead, passes axe: catches pages no journey reaches yet."""

from django.urls import NoReverseMatch, reverse

from practica.accounts.choices import Role
from tests.browser.conftest import axe_violations, format_violations, sign_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the factories' staff and admin authenticator

PAGES = [
    ("core:home", {}),
    ("accounts:directory", {}),
    ("accounts:profile-edit", {}),
    ("accounts:profile-preview", {}),
    ("accounts:account", {}),
    ("accounts:data-export", {}),
    ("accounts:erasure-request", {}),
    ("accounts:report-concern", {}),
    ("accounts:staff-home", {}),
    ("accounts:staff-members", {}),
    ("accounts:staff-audit", {}),
    ("accounts:staff-erasure-list", {}),
    ("accounts:staff-register", {}),
    ("accounts:staff-register-import", {}),
    ("accounts:staff-invitations", {}),
    ("accounts:staff-invitation-create", {}),
    ("accounts:staff-legal", {}),
    ("accounts:staff-legal-draft", {"kind": "terms"}),
    ("mfa_index", {}),
    ("communities:list", {}),
    ("communities:proposals", {}),
    ("communities:proposal-create", {}),
    ("communities:proposal-queue", {}),
    ("communities:manage", {}),
]


def test_every_page_without_parameters_passes_the_audit_for_staff(page, live_server):
    lead = UserFactory(role=Role.STAFF, display_name="Leah Lead")
    sign_in(page, live_server, lead.email, DEFAULT_PASSWORD, totp_secret=TOTP_SECRET)
    problems = []
    for name, kwargs in PAGES:
        try:
            path = reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue  # an app not installed in this build
        response = page.goto(live_server.url + path)
        if response is None or response.status != 200:
            problems.append(f"{path}: HTTP {response.status if response else 'no response'}")
            continue
        violations = axe_violations(page)
        if violations:
            problems.append(f"{path}:\n{format_violations(violations)}")
    assert not problems, "Pages failing the audit:\n" + "\n".join(problems)
