"""A new person joins: the register's membership number and e-mail, then the link in the verification e-mail."""

import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from practica.accounts.models import RegisterEntry, User
from tests.browser.conftest import audit, url
from tests.factories import RegisterEntryFactory
from tests.helpers import run_pending_tasks

NEW_PASSWORD = "a long and unusual passphrase 42"
CONFIRM_LINK = re.compile(r"https?://\S+/account/confirm-email/\S+/")


def test_person_on_the_register_signs_up_and_confirms_their_email(page, live_server):
    RegisterEntryFactory(membership_number="M424242", email="nia.evans@example.org", full_name="Nia Evans")

    page.goto(url(live_server, "account_login"))
    page.get_by_role("main").get_by_role("link", name=re.compile("sign up", re.IGNORECASE)).first.click()
    expect(page).to_have_url(url(live_server, "account_signup"))
    audit(page)

    form = page.locator("form:has(input[name=password1])")
    form.get_by_label("Display name").fill("Nia Evans")
    form.get_by_label("Membership number").fill("M424242")
    form.locator("input[name=email]").fill("nia.evans@example.org")
    form.locator("input[name=password1]").fill(NEW_PASSWORD)
    form.locator("input[name=password2]").fill(NEW_PASSWORD)
    form.locator("[type=submit]").first.click()
    expect(page).to_have_url(url(live_server, "account_email_verification_sent"))
    audit(page)

    # E-mail may be sent by the task worker: run what it would run, then read the test outbox. The live
    # server is a thread of this process, so both share Django's in-memory outbox.
    run_pending_tasks()
    messages = [message for message in mail.outbox if "nia.evans@example.org" in message.to]
    assert len(messages) == 1, [message.subject for message in mail.outbox]
    link = CONFIRM_LINK.search(messages[0].body)
    assert link, messages[0].body
    # Links in e-mails are built from SITE_URL; follow the same path on the live server.
    page.goto(live_server.url + urlsplit(link.group(0)).path)
    audit(page)
    page.get_by_role("main").locator("[type=submit]").first.click()

    # Confirming signs the new member in; the terms come next, before anything else.
    expect(page).to_have_url(url(live_server, "accounts:legal-accept") + "?next=/")
    audit(page)
    main = page.get_by_role("main")
    for checkbox in main.get_by_role("checkbox").all():
        checkbox.check()
    main.locator("[type=submit]").first.click()
    expect(page).to_have_url(url(live_server, "core:home"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nia Evans")
    audit(page)
    user = User.objects.get(email="nia.evans@example.org")
    assert RegisterEntry.objects.get(membership_number="M424242").user == user


def test_sign_up_with_a_number_not_on_the_register_explains_what_to_do(page, live_server):
    RegisterEntryFactory(membership_number="M424242", email="nia.evans@example.org")
    page.goto(url(live_server, "account_signup"))
    form = page.locator("form:has(input[name=password1])")
    form.get_by_label("Display name").fill("Someone Else")
    form.get_by_label("Membership number").fill("M000000")
    form.locator("input[name=email]").fill("nia.evans@example.org")
    form.locator("input[name=password1]").fill(NEW_PASSWORD)
    form.locator("input[name=password2]").fill(NEW_PASSWORD)
    form.locator("[type=submit]").first.click()

    expect(page.get_by_role("alert").first).to_contain_text("could not match this membership number")
    expect(form.get_by_label("Display name")).to_have_value("Someone Else")
    audit(page)
    assert not User.objects.filter(email="nia.evans@example.org").exists()
