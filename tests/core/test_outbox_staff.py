"""The staff outbox page: who may see it, what it shows (never bodies), filters, Retry now and Cancel."""

import pytest
from django.core import mail
from django.urls import reverse

from practica.core.models import AuditEntry, OutboxEmail, OutboxStatus
from practica.core.outbox import enqueue_email
from tests.helpers import queries_for, run_pending_tasks

URL = reverse("core:outbox")

pytestmark = pytest.mark.django_db


def _email(number=1, *, status=OutboxStatus.QUEUED, category="notification:reply", **extra):
    email = enqueue_email(
        key=f"staff-page:{number}",
        to=f"member{number}@example.org",
        subject=f"New reply in Endings {number}",
        text="SECRET BODY TEXT",
        html="<p>SECRET BODY HTML</p>",
        category=category,
    )
    OutboxEmail.objects.filter(pk=email.pk).update(status=status, **extra)
    email.refresh_from_db()
    return email


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("lapsed", 403),
        ("suspended", 403),
        ("moderator", 403),
        ("staff", 200),
        ("admin", 200),
    ],
)
def test_only_staff_and_admins_see_the_outbox(persona, status, persona_clients):
    assert persona_clients[persona].get(URL).status_code == status


def test_staff_see_counts_subjects_attempts_and_errors_but_never_bodies(staff_client):
    _email(1, status=OutboxStatus.FAILED, attempts=8, last_error="SMTPDataError: (451, 'Busy')")
    _email(2, status=OutboxStatus.SENT, attempts=1)
    page = staff_client.get(URL).content.decode()
    assert "E-mail outbox" in page
    assert "New reply in Endings 1" in page and "member1@example.org" in page
    assert "SMTPDataError" in page
    assert "Failed" in page and "Sent" in page
    assert "SECRET BODY" not in page
    assert "Retry now" in page


def test_the_outbox_is_a_staff_tool_card(staff_client):
    assert URL in staff_client.get(reverse("accounts:staff-home")).content.decode()


def test_staff_filter_by_status_category_and_address(staff_client):
    _email(1, status=OutboxStatus.FAILED)
    _email(2, status=OutboxStatus.SENT, category="account:password_reset")
    _email(3, status=OutboxStatus.SENT)
    page = staff_client.get(URL, {"status": "failed"}).content.decode()
    assert "member1@example.org" in page and "member2@example.org" not in page
    page = staff_client.get(URL, {"category": "account:password_reset"}).content.decode()
    assert "member2@example.org" in page and "member3@example.org" not in page
    page = staff_client.get(URL, {"address": "MEMBER3"}).content.decode()
    assert "member3@example.org" in page and "member1@example.org" not in page


def test_retry_now_queues_a_failed_email_again_and_it_is_sent(staff_client, staff):
    email = _email(1, status=OutboxStatus.FAILED, attempts=8, last_error="Busy")
    response = staff_client.post(
        reverse("core:outbox-retry", args=[email.pk]), {"next": URL + "?status=failed"}, follow=True
    )
    assert response.redirect_chain[-1][0] == URL + "?status=failed"
    assert "will be sent again now" in response.content.decode()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxStatus.QUEUED, 0)
    assert AuditEntry.objects.filter(action="outbox.retry", actor=staff, target_id=str(email.pk)).exists()
    run_pending_tasks()
    assert [m.to for m in mail.outbox] == [["member1@example.org"]]


def test_cancel_stops_a_waiting_email(staff_client, staff):
    email = _email(1)
    response = staff_client.post(reverse("core:outbox-cancel", args=[email.pk]), follow=True)
    assert "will not be sent" in response.content.decode()
    email.refresh_from_db()
    assert email.status == OutboxStatus.CANCELLED
    assert AuditEntry.objects.filter(action="outbox.cancel", actor=staff).exists()
    run_pending_tasks()
    assert mail.outbox == []


def test_a_sent_email_can_be_neither_retried_nor_cancelled(staff_client):
    email = _email(1, status=OutboxStatus.SENT)
    response = staff_client.post(reverse("core:outbox-retry", args=[email.pk]), follow=True)
    assert "Only a failed or waiting e-mail can be retried." in response.content.decode()
    response = staff_client.post(reverse("core:outbox-cancel", args=[email.pk]), follow=True)
    assert "cannot be cancelled" in response.content.decode()
    email.refresh_from_db()
    assert email.status == OutboxStatus.SENT


def test_an_offsite_next_is_ignored(staff_client):
    email = _email(1, status=OutboxStatus.FAILED)
    response = staff_client.post(reverse("core:outbox-retry", args=[email.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == URL


def test_members_cannot_retry_or_cancel(member_client):
    email = _email(1, status=OutboxStatus.FAILED)
    assert member_client.post(reverse("core:outbox-retry", args=[email.pk])).status_code == 403
    assert member_client.post(reverse("core:outbox-cancel", args=[email.pk])).status_code == 403
    email.refresh_from_db()
    assert email.status == OutboxStatus.FAILED


def test_the_outbox_page_costs_the_same_queries_at_1_and_50_emails(staff_client):
    _email(0, status=OutboxStatus.FAILED)
    one = queries_for(staff_client, URL)
    for number in range(1, 50):
        _email(number, status=OutboxStatus.FAILED if number % 2 else OutboxStatus.SENT, category=f"kind:{number % 5}")
    assert queries_for(staff_client, URL) == one


def test_staff_are_warned_when_mail_waits_and_no_worker_runs(staff_client):
    _email(1)  # stores a delivery task that no worker has run
    assert "no task worker has been seen" in staff_client.get(URL).content.decode()
    run_pending_tasks()
    assert "no task worker has been seen" not in staff_client.get(URL).content.decode()


def test_the_demo_outbox_shows_each_state_and_loads_once(staff_client):
    from practica.core import demo

    demo.load()
    demo.load()
    assert OutboxEmail.objects.count() == len(demo.DEMO_EMAILS)
    page = staff_client.get(URL).content.decode()
    assert "Mailbox does not exist" in page
    run_pending_tasks()
    assert mail.outbox == [], "demo e-mails are never sent"
