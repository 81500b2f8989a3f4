"""A member's visit: home, the directory, a colleague's profile, editing their own, signing out."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, UserFactory

# The field's label, not "Who can see your headline" (optional fields add "(optional)" to the label).
HEADLINE = re.compile(r"^Headline")


def test_member_browses_the_directory_edits_their_profile_and_signs_out(page, live_server):
    member = UserFactory(display_name="Maya Member")
    colleague = UserFactory(display_name="Owen Other")
    colleague.profile.headline = "Couples therapist"
    colleague.profile.save()

    sign_in(page, live_server, member.email, DEFAULT_PASSWORD)
    expect(page).to_have_url(url(live_server, "core:home"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maya Member")
    audit(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    expect(page).to_have_url(url(live_server, "accounts:directory"))
    audit(page)

    page.get_by_role("main").get_by_role("link", name="Owen Other").first.click()
    expect(page).to_have_url(url(live_server, "accounts:profile", colleague.pk))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Owen Other")
    expect(page.get_by_role("main")).to_contain_text("Couples therapist")
    audit(page)

    page.locator(".member-menu summary").click()
    page.get_by_role("link", name="Edit profile").click()
    expect(page).to_have_url(url(live_server, "accounts:profile-edit"))
    audit(page)

    # A mistake: the display name is required. What was typed elsewhere must survive the error.
    page.get_by_label("Display name").fill("")
    page.get_by_label(HEADLINE).fill("Integrative counsellor, Leeds")
    page.get_by_role("main").locator("[type=submit]").first.click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label(HEADLINE)).to_have_value("Integrative counsellor, Leeds")
    audit(page)

    page.get_by_label("Display name").fill("Maya M. Member")
    page.get_by_role("main").locator("[type=submit]").first.click()
    expect(page).to_have_url(url(live_server, "accounts:profile", member.pk))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maya M. Member")
    expect(page.get_by_role("main")).to_contain_text("Integrative counsellor, Leeds")
    audit(page)

    page.locator(".member-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(url(live_server, "account_login"))
    page.goto(url(live_server, "core:home"))
    expect(page).to_have_url(url(live_server, "account_login") + "?next=/")
