"""The outbox: idempotent writes stored with their transaction, delivery with retries, backoff and claims."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from practica.core import delivery
from practica.core.email import community_subject, enqueue_templated_email, send_templated_email, unsubscribe_headers
from practica.core.models import OutboxEmail, OutboxStatus
from practica.core.outbox import enqueue_email
from tests.helpers import run_pending_tasks

DELIVERY_TASK = "practica.core.tasks.deliver_outbox"

pytestmark = pytest.mark.django_db


class FlakyBackend(BaseEmailBackend):
    """Refuses the next `refusals` messages with a temporary error, then accepts (into mail.outbox)."""

    refusals = 0
    unreachable = False

    def open(self):
        if FlakyBackend.unreachable:
            raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, messages):
        if FlakyBackend.refusals > 0:
            FlakyBackend.refusals -= 1
            raise smtplib.SMTPDataError(451, b"4.3.0 Try again later")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def flaky(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.core.test_outbox.FlakyBackend"}}
    FlakyBackend.refusals = 0
    FlakyBackend.unreachable = False
    yield FlakyBackend
    FlakyBackend.refusals = 0
    FlakyBackend.unreachable = False


def _email(key="k1", to="ann@example.org", **extra):
    return enqueue_email(key=key, to=to, subject="Hello", text="Plain words", **extra)


def test_enqueueing_the_same_key_twice_stores_one_email():
    first = _email()
    assert first is not None
    assert _email() is None
    assert OutboxEmail.objects.count() == 1


def test_an_email_and_its_delivery_run_are_stored_only_if_the_transaction_commits():
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        _email()
        assert DBTaskResult.objects.filter(task_path=DELIVERY_TASK).count() == 1
        raise Boom
    assert not OutboxEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_many_emails_in_one_transaction_store_one_delivery_run():
    with transaction.atomic():
        for number in range(20):
            _email(key=f"k{number}", to=f"m{number}@example.org")
    assert DBTaskResult.objects.filter(task_path=DELIVERY_TASK).count() == 1
    run_pending_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"m{n}@example.org" for n in range(20))
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_a_delayed_email_waits_for_its_time(settings):
    later = timezone.now() + datetime.timedelta(minutes=5)
    _email(send_after=later)
    assert run_pending_tasks() == 0
    assert mail.outbox == []
    with time_machine.travel(later + datetime.timedelta(seconds=1)):
        assert run_pending_tasks() == 1
    assert len(mail.outbox) == 1


def test_delivery_sends_text_and_html_from_the_site_with_a_no_reply_address_and_a_stable_message_id(settings):
    settings.SITE_NAME = "Counsellors' Network"
    settings.DEFAULT_FROM_EMAIL = "hello@association.example"
    settings.NO_REPLY_EMAIL = "no-reply@association.example"
    email = enqueue_email(
        key="mention:17:42",
        to="ann@example.org",
        subject="You were mentioned",
        text="Plain words",
        html="<p>Rich words</p>",
        headers=unsubscribe_headers("https://site.example/u/abc/"),
        category="notification:mention",
    )
    run_pending_tasks()
    [message] = mail.outbox
    assert message.to == ["ann@example.org"]
    assert message.from_email == "Counsellors' Network <hello@association.example>"
    assert message.reply_to == ["no-reply@association.example"]
    assert message.body == "Plain words"
    assert message.alternatives[0][0] == "<p>Rich words</p>"
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe"] == "<https://site.example/u/abc/>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Message-ID"] == delivery.message_id_for("mention:17:42")
    assert message.extra_headers["Message-ID"].endswith("@association.example>")
    sent = message.message()
    assert sent["Message-ID"] == delivery.message_id_for("mention:17:42")
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent["Reply-To"] == "no-reply@association.example"
    email.refresh_from_db()
    assert email.status == OutboxStatus.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert email.message_id == delivery.message_id_for("mention:17:42")


def test_a_temporary_refusal_is_retried_with_backoff_until_it_is_accepted(flaky):
    flaky.refusals = 3
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        email = _email()
        delivery.deliver_due()
        email.refresh_from_db()
        assert (email.status, email.attempts) == (OutboxStatus.QUEUED, 1)
        assert "451" in email.last_error
        assert email.next_attempt_at == start + datetime.timedelta(minutes=1)

        # Not due yet: nothing is tried.
        clock.shift(datetime.timedelta(seconds=59))
        assert delivery.deliver_due()["failed"] == 0

        clock.shift(datetime.timedelta(seconds=1))
        delivery.deliver_due()
        email.refresh_from_db()
        assert email.attempts == 2
        assert email.next_attempt_at == timezone.now() + datetime.timedelta(minutes=2)

        clock.shift(datetime.timedelta(minutes=2))
        delivery.deliver_due()
        email.refresh_from_db()
        assert email.next_attempt_at == timezone.now() + datetime.timedelta(minutes=4)

        clock.shift(datetime.timedelta(minutes=4))
        delivery.deliver_due()
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (OutboxStatus.SENT, 4, "")
    assert len(mail.outbox) == 1


def test_backoff_doubles_and_is_capped_at_an_hour():
    assert [delivery.backoff(n).total_seconds() / 60 for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_an_email_fails_after_the_configured_number_of_attempts(flaky, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    flaky.refusals = 100
    with time_machine.travel(timezone.now(), tick=False) as clock:
        email = _email()
        for _attempt in range(5):
            delivery.deliver_due()
            clock.shift(datetime.timedelta(hours=1))
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxStatus.FAILED, 3)
    assert "SMTPDataError" in email.last_error
    assert mail.outbox == []


def test_an_unreachable_server_delays_mail_without_using_up_attempts(flaky):
    flaky.unreachable = True
    first, second = _email(key="a"), _email(key="b")
    counts = delivery.deliver_due()
    assert counts["unreachable"] == 1
    for email in (first, second):
        email.refresh_from_db()
        assert (email.status, email.attempts) == (OutboxStatus.QUEUED, 0)
    first.refresh_from_db()
    assert "ConnectionRefusedError" in first.last_error

    flaky.unreachable = False
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        delivery.deliver_due()
    assert sorted(OutboxEmail.objects.values_list("status", flat=True)) == [OutboxStatus.SENT] * 2
    assert len(mail.outbox) == 2


def test_a_row_left_sending_by_a_stopped_worker_is_sent_again_once_its_claim_expires():
    email = _email()
    now = timezone.now()
    assert delivery.claim(email.pk, now)
    # The worker dies here. While its claim lasts, nobody else sends the row.
    assert delivery.deliver_due()["sent"] == 0
    with time_machine.travel(now + delivery.CLAIM_DURATION + datetime.timedelta(seconds=1)):
        counts = delivery.deliver_due()
    assert (counts["released"], counts["sent"]) == (1, 1)
    email.refresh_from_db()
    assert email.status == OutboxStatus.SENT
    assert len(mail.outbox) == 1


def test_two_workers_with_the_same_due_list_never_send_the_same_row():
    emails = [_email(key=f"k{n}", to=f"m{n}@example.org") for n in range(5)]
    now = timezone.now()
    seen_by_first_worker = delivery.due_ids(now, 50)
    # A second worker sends everything while the first is still holding its stale list.
    delivery.deliver_due()
    assert not any(delivery.claim(email_id, timezone.now()) for email_id in seen_by_first_worker)
    assert delivery.deliver_due()["sent"] == 0
    assert len(mail.outbox) == len(emails)
    assert delivery.claim(emails[0].pk, now) is False


def test_a_registered_send_check_can_cancel_an_email_at_the_last_moment(monkeypatch):
    monkeypatch.setattr(delivery, "_send_checks", {})
    delivery.register_send_check(
        "notification:", lambda email: "Already read on the site." if "read" in email.subject else None
    )
    stale = enqueue_email(key="a", to="a@example.org", subject="Already read", text="x", category="notification:reply")
    fresh = enqueue_email(key="b", to="b@example.org", subject="New", text="x", category="notification:reply")
    other = enqueue_email(key="c", to="c@example.org", subject="Already read", text="x", category="account:reset")
    delivery.deliver_due()
    stale.refresh_from_db()
    assert (stale.status, stale.last_error) == (OutboxStatus.CANCELLED, "Already read on the site.")
    assert OutboxEmail.objects.get(pk=fresh.pk).status == OutboxStatus.SENT
    assert OutboxEmail.objects.get(pk=other.pk).status == OutboxStatus.SENT
    assert sorted(m.to[0] for m in mail.outbox) == ["b@example.org", "c@example.org"]


def test_templated_emails_are_one_row_per_address_and_written_once_per_cause(settings):
    context = {"status": "admitted", "community_name": "Supervisors' Circle", "name": "Ann", "link": "/c/1/"}
    written = enqueue_templated_email(
        "communities/email/join_request_decided", ["a@example.org", "b@example.org"], context, ref="jr:1"
    )
    again = enqueue_templated_email(
        "communities/email/join_request_decided", ["a@example.org", "B@example.org"], context, ref="jr:1"
    )
    assert (written, again) == (2, 0)
    run_pending_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    message = mail.outbox[0]
    assert message.subject == "You have joined Supervisors' Circle"
    assert "Replies to this address are not read" in message.body
    assert "Replies to this address are not read" in message.alternatives[0][0]


def test_the_task_form_of_send_templated_email_writes_each_email_once_even_when_run_twice():
    result = send_templated_email.enqueue("email/concern_reported", ["lead@example.org"], {"about": "Other"})
    run_pending_tasks()
    assert OutboxEmail.objects.filter(to_address="lead@example.org").count() == 1
    # A retried task (same id) finds its e-mail already written.
    assert (
        enqueue_templated_email(
            "email/concern_reported", "lead@example.org", {"about": "Other"}, ref=f"task:{result.id}"
        )
        == 0
    )
    assert len(mail.outbox) == 1


def test_the_community_name_leads_the_subject():
    assert community_subject("Supervisors' Circle", "New topic: Endings") == "[Supervisors' Circle] New topic: Endings"
    assert community_subject("", "Hello") == "Hello"


def test_the_email_layout_is_accessible_and_explains_itself():
    from practica.core.email import render_templated_email

    _subject, text, html = render_templated_email(
        "communities/email/join_request_decided",
        {
            "status": "admitted",
            "community_name": "Circle",
            "name": "Ann",
            "link": "/c/1/",
            "why": "You asked to join Circle.",
            "preferences_url": "https://site.example/preferences/",
            "unsubscribe_url": "https://site.example/u/abc/",
        },
    )
    assert '<html lang="en-GB"' in html
    assert "Why you got this:" in html and "You asked to join Circle." in html
    assert 'href="https://site.example/preferences/"' in html
    assert 'href="https://site.example/u/abc/"' in html
    assert "Unsubscribe from these e-mails: https://site.example/u/abc/" in text
    assert "Choose which e-mails you get: https://site.example/preferences/" in text
    assert "Why you got this: You asked to join Circle." in text


def test_a_long_queue_hands_over_to_a_fresh_delivery_run(monkeypatch):
    monkeypatch.setattr(delivery, "BATCH_SIZE", 2)
    monkeypatch.setattr(delivery.deliver_due, "__kwdefaults__", {"batch_size": 2, "max_batches": 1})
    for number in range(5):
        _email(key=f"k{number}", to=f"m{number}@example.org")
    run_pending_tasks()
    assert len(mail.outbox) == 5
    assert DBTaskResult.objects.filter(task_path=DELIVERY_TASK).count() == 3


def test_allauth_emails_go_through_the_outbox_with_their_content(client, member):
    response = client.post("/account/password/reset/", {"email": member.email})
    assert response.status_code == 302
    email = OutboxEmail.objects.get(to_address=member.email)
    assert email.category == "account:password_reset_key"
    assert email.recipient == member
    assert mail.outbox == []
    run_pending_tasks()
    [message] = mail.outbox
    assert message.subject == email.subject
    assert "/account/password/reset/key/" in message.body


def test_a_sweep_every_minute_sends_retries_whose_wait_is_over(flaky, monkeypatch):
    from practica.core import scheduler
    from practica.core.tasks import sweep_outbox

    spec = scheduler.registered_jobs()["core.outbox-sweep"]
    assert spec.every == datetime.timedelta(minutes=1)
    assert spec.task is sweep_outbox
    # Only this job: other apps' periodic work is not under test here.
    monkeypatch.setattr(scheduler, "_registry", {"core.outbox-sweep": spec})
    flaky.refusals = 1
    with time_machine.travel(timezone.now(), tick=False) as clock:
        email = _email()
        run_pending_tasks()
        assert OutboxEmail.objects.get(pk=email.pk).status == OutboxStatus.QUEUED
        clock.shift(datetime.timedelta(minutes=1))
        assert "core.outbox-sweep" in scheduler.tick()
        run_pending_tasks()
    assert OutboxEmail.objects.get(pk=email.pk).status == OutboxStatus.SENT
    assert len(mail.outbox) == 1
