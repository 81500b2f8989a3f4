"""What stops a signed-in person, and what anyone may read: lapsed membership, new terms, the legal pages."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from practica.accounts.choices import Role
from practica.accounts.legal import current_legal_key
from practica.accounts.services.legal import publish_legal_document, save_legal_draft
from tests.browser.conftest import audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, UserFactory


def test_lapsed_member_sees_the_lapsed_page_and_can_sign_out(page, live_server):
    lapsed = UserFactory(membership_expires_on=timezone.localdate() - datetime.timedelta(days=1))
    sign_in(page, live_server, lapsed.email, DEFAULT_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your membership has lapsed")
    audit(page)

    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(url(live_server, "account_login"))


@pytest.mark.parametrize("kind", ["terms", "guidelines", "privacy"])
def test_legal_pages_are_reachable_signed_out(page, live_server, legal_documents, kind):
    document = next(document for document in legal_documents if document.kind == kind)
    page.goto(url(live_server, "accounts:legal-document", kind))
    expect(page).to_have_url(url(live_server, "accounts:legal-document", kind))
    expect(page.get_by_role("heading", level=1)).to_contain_text(document.title)
    audit(page)


def test_footer_links_lead_to_the_legal_pages(page, live_server):
    page.goto(url(live_server, "account_login"))
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy and cookies").click()
    expect(page).to_have_url(url(live_server, "accounts:legal-document", "privacy"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Privacy and cookies")


def test_a_new_terms_version_must_be_accepted_before_going_on(page, live_server):
    member = UserFactory(display_name="Maya Member")
    lead = UserFactory(role=Role.STAFF)
    draft = save_legal_draft(
        actor=lead,
        kind="terms",
        title="Terms of service",
        body="New terms.\n\n## Recordings\n\nMeetings may be recorded only with everyone's agreement.",
        change_summary="A new section on recording meetings.",
    )
    publish_legal_document(actor=lead, document=draft)

    sign_in(page, live_server, member.email, DEFAULT_PASSWORD)
    expect(page).to_have_url(url(live_server, "accounts:legal-accept") + "?next=/")
    expect(page.get_by_role("main")).to_contain_text("A new section on recording meetings.")
    audit(page)

    main = page.get_by_role("main")
    for checkbox in main.get_by_role("checkbox").all():
        checkbox.check()
    main.locator("[type=submit]").first.click()
    expect(page).to_have_url(url(live_server, "core:home"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maya Member")
    audit(page)
    member.refresh_from_db()
    assert member.accepted_legal_key == current_legal_key()
