"""The Lead checks the e-mail outbox: a failed e-mail, its error, Retry now; every page audited with axe."""

from playwright.sync_api import expect

from practica.accounts.choices import Role
from practica.core.models import OutboxEmail, OutboxStatus
from practica.core.outbox import enqueue_email
from tests.browser.conftest import audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, UserFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the factories' staff and admin authenticator


def test_staff_find_a_failed_email_and_retry_it(page, live_server):
    lead = UserFactory(role=Role.STAFF, display_name="Leah Lead")
    failed = enqueue_email(
        key="browser:1", to="ruth@example.org", subject="[Supervision Circle] New reply", text="Private words"
    )
    OutboxEmail.objects.filter(pk=failed.pk).update(
        status=OutboxStatus.FAILED, attempts=8, last_error="SMTPDataError: (451, b'Try again later')"
    )
    sent = enqueue_email(key="browser:2", to="tom@example.org", subject="Your daily summary", text="Digest")
    OutboxEmail.objects.filter(pk=sent.pk).update(status=OutboxStatus.SENT, attempts=1)

    sign_in(page, live_server, lead.email, DEFAULT_PASSWORD, totp_secret=TOTP_SECRET)
    page.goto(url(live_server, "accounts:staff-home"))
    page.get_by_role("main").get_by_role("link", name="E-mail outbox").click()
    expect(page).to_have_url(url(live_server, "core:outbox"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("ruth@example.org")
    expect(main).to_contain_text("451")
    expect(main).not_to_contain_text("Private words")
    audit(page)

    page.get_by_label("Status").select_option("failed")
    page.get_by_role("button", name="Filter").click()
    expect(main).not_to_contain_text("tom@example.org")
    audit(page)

    page.get_by_role("button", name="Retry now: e-mail to ruth@example.org").click()
    expect(page.get_by_role("status")).to_contain_text("will be sent again now")
    audit(page)
    assert OutboxEmail.objects.get(pk=failed.pk).status in {OutboxStatus.QUEUED, OutboxStatus.SENT}
