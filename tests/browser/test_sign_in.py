"""Signing in and out: the form, a failed attempt, members, and staff with their second step."""

import re

from playwright.sync_api import expect

from practica.accounts.choices import Role
from tests.browser.conftest import audit, current_totp_code, sign_in, url
from tests.factories import DEFAULT_PASSWORD, UserFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the factories' staff and admin authenticator


def test_sign_in_page_is_accessible_and_a_wrong_password_shows_an_error(page, live_server):
    member = UserFactory()
    page.goto(url(live_server, "account_login"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    audit(page)

    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(member.email)
    form.locator("input[name=password]").fill("not the password")
    form.locator("[type=submit]").first.click()

    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.locator("input[name=login]")).to_have_value(member.email)
    assert page.url.startswith(url(live_server, "account_login"))
    audit(page)


def test_staff_sign_in_with_a_second_step(page, live_server):
    lead = UserFactory(role=Role.STAFF, display_name="Leah Lead")
    page.goto(url(live_server, "account_login"))
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(lead.email)
    form.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    form.locator("[type=submit]").first.click()

    page.wait_for_url(re.compile(re.escape(url(live_server, "mfa_authenticate"))))
    audit(page)
    code_form = page.locator("form:has(input[name=code])")
    code_form.locator("input[name=code]").fill(current_totp_code(TOTP_SECRET))
    code_form.locator("[type=submit]").first.click()
    expect(page).to_have_url(url(live_server, "core:home"))
    expect(page.get_by_role("link", name="Staff", exact=True)).to_be_visible()
    audit(page)


def test_sign_in_helper_reaches_home(page, live_server):
    member = UserFactory(display_name="Maya Member")
    sign_in(page, live_server, member.email, DEFAULT_PASSWORD)
    expect(page).to_have_url(url(live_server, "core:home"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maya Member")
    audit(page)
