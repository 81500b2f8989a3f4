"""The Lead at work: second step, staff tools, the members list, a register import, an invitation."""

import re

from playwright.sync_api import expect

from practica.accounts.choices import Role
from practica.accounts.models import RegisterEntry
from tests.browser.conftest import audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, RegisterEntryFactory, UserFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the factories' staff and admin authenticator

REGISTER_CSV = (
    "Membership number,E-mail,Name,Grade,Division,Membership expiry\n"
    "B0001,ana.new@example.org,Ana New,Registered,Healthcare,2031-03-31\n"
    "B0002,ben.changed@example.org,Ben Changed,Accredited,Workplace,2031-03-31\n"
    ",no.number@example.org,No Number,Student,,\n"
)


def test_staff_import_the_register_and_create_an_invitation(page, live_server):
    lead = UserFactory(role=Role.STAFF, display_name="Leah Lead")
    UserFactory(display_name="Maya Member")
    RegisterEntryFactory(membership_number="B0002", email="ben.changed@example.org", full_name="Ben Before")

    sign_in(page, live_server, lead.email, DEFAULT_PASSWORD, totp_secret=TOTP_SECRET)
    expect(page).to_have_url(url(live_server, "core:home"))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff").click()
    expect(page).to_have_url(url(live_server, "accounts:staff-home"))
    audit(page)

    page.get_by_role("main").get_by_role("link", name="Members", exact=True).click()
    expect(page).to_have_url(url(live_server, "accounts:staff-members"))
    expect(page.get_by_role("main")).to_contain_text("Maya Member")
    audit(page)

    # The register: upload, preview, apply, summary.
    page.goto(url(live_server, "accounts:staff-register"))
    audit(page)
    page.get_by_role("main").get_by_role("link", name="Import a register file").first.click()
    expect(page).to_have_url(url(live_server, "accounts:staff-register-import"))
    audit(page)
    page.get_by_label(re.compile("Register file")).set_input_files(
        {"name": "register.csv", "mimeType": "text/csv", "buffer": REGISTER_CSV.encode()}
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page).to_have_url(re.compile(r"/staff/register/import/\d+/$"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("1 member will be added")
    expect(main).to_contain_text("1 member will be updated")
    expect(main).to_contain_text("1 row will be rejected")
    audit(page)
    assert not RegisterEntry.objects.filter(membership_number="B0001").exists(), "a preview changes nothing"

    page.get_by_role("button", name="Apply to the register").click()
    expect(page.get_by_role("status")).to_contain_text("1 created, 1 updated, 0 unchanged, 1 rejected")
    audit(page)
    assert RegisterEntry.objects.get(membership_number="B0001").full_name == "Ana New"
    assert RegisterEntry.objects.get(membership_number="B0002").full_name == "Ben Changed"

    # An invitation: its link is shown once, then never again.
    page.goto(url(live_server, "accounts:staff-invitations"))
    page.get_by_role("link", name="Create an invitation").click()
    expect(page).to_have_url(url(live_server, "accounts:staff-invitation-create"))
    audit(page)
    page.get_by_label("Who is it for?").fill("Guest speaker, March meeting")
    page.get_by_role("main").locator("[type=submit]").first.click()
    expect(page).to_have_url(url(live_server, "accounts:staff-invitations"))
    link = page.get_by_role("textbox", name="Invitation link")
    expect(link).to_have_value(re.compile(r"/invite/[^/]+/$"))
    audit(page)

    page.reload()
    expect(page.get_by_role("textbox", name="Invitation link")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("Guest speaker, March meeting")
