"""Every page without parameters, opened by the Lead, and one page of each kind that needs an object, opened by
a member or the Lead, passes axe: catches pages no journey reaches yet."""

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
    ("communities:divisions", {}),
    ("communities:create", {}),
    ("discussions:research", {}),
    ("discussions:bookmarks", {}),
    ("discussions:drafts", {}),
    ("accounts:blocks", {}),
    ("core:outbox", {}),
    ("notifications:list", {}),
    ("notifications:preferences", {}),
    ("messaging:inbox", {}),
    ("messaging:new", {}),
    ("messaging:preferences", {}),
    ("library:index", {}),
    ("library:collections", {}),
    ("library:item-create", {}),
    ("meetings:mine", {}),
    ("meetings:events", {}),
    ("meetings:event-create", {}),
    ("meetings:calendar", {}),
    ("meetings:suggest", {}),
    ("meetings:suggestions", {}),
    ("experts:directory", {}),
    ("experts:profile-edit", {}),
    ("experts:my-requests", {}),
    ("experts:request-create", {}),
    ("experts:queue", {}),
    ("development:log", {}),
    ("development:entry-create", {}),
    ("development:plan", {}),
    ("development:goal-create", {}),
    ("moderation:queue", {}),
    ("moderation:report", {}),
    ("moderation:my-reports", {}),
    ("moderation:cases", {}),
    ("moderation:case-create", {}),
    ("moderation:copyright", {}),
    ("moderation:copyright-notices", {}),
    ("moderation:settings", {}),
]


def _audit_each(page, live_server, pages) -> list[str]:
    """Open each (URL name, kwargs) and return a line per page that did not answer 200 or failed axe."""
    problems = []
    for name, kwargs in pages:
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
    return problems


def test_every_page_without_parameters_passes_the_audit_for_staff(page, live_server):
    lead = UserFactory(role=Role.STAFF, display_name="Leah Lead")
    sign_in(page, live_server, lead.email, DEFAULT_PASSWORD, totp_secret=TOTP_SECRET)
    problems = _audit_each(page, live_server, PAGES)
    assert not problems, "Pages failing the audit:\n" + "\n".join(problems)


def test_one_page_of_each_kind_a_member_opens_passes_the_audit(
    page, live_server, member, discussion_world, library_world, meetings_world, messaging_world
):
    # The worlds of the access matrix: `member` belongs to their open community and is in one conversation.
    community = discussion_world["open_community"]
    pages = [
        ("communities:detail", {"pk": community.pk}),
        ("discussions:topic-list", {"pk": community.pk}),
        ("discussions:topic", {"pk": discussion_world["open_topic"].pk}),
        ("library:community", {"pk": community.pk}),
        ("library:item", {"pk": library_world["library_open_item"].pk}),
        ("library:collection", {"pk": library_world["library_open_collection"].pk}),
        ("meetings:community-calendar", {"pk": community.pk}),
        ("meetings:occurrence", {"pk": meetings_world["meetings_open_occurrence"].pk}),
        ("messaging:conversation", {"pk": messaging_world["messaging_conversation"].pk}),
    ]
    sign_in(page, live_server, member.email, DEFAULT_PASSWORD)
    problems = _audit_each(page, live_server, pages)
    assert not problems, "Pages failing the audit:\n" + "\n".join(problems)


def test_one_page_of_each_kind_staff_open_passes_the_audit(
    page, live_server, staff, experts_world, meetings_world, moderation_world, messaging_world
):
    pages = [
        ("experts:request-detail", {"pk": experts_world["experts_request"].pk}),
        ("meetings:suggestion-review", {"pk": meetings_world["meetings_suggestion"].pk}),
        ("moderation:item", {"pk": moderation_world["moderation_item"].pk}),
        ("moderation:item", {"pk": moderation_world["moderation_case_held_item"].pk}),
        ("moderation:case", {"pk": moderation_world["moderation_case"].pk}),
        ("messaging:reported-message", {"pk": messaging_world["messaging_flagged_message"].pk}),
    ]
    sign_in(page, live_server, staff.email, DEFAULT_PASSWORD, totp_secret=TOTP_SECRET)
    problems = _audit_each(page, live_server, pages)
    assert not problems, "Pages failing the audit:\n" + "\n".join(problems)
