"""Sending the outbox: each due e-mail is claimed, sent once through the configured mailer, and marked.

A row moves queued → sending → sent. Claiming is a conditional UPDATE (`WHERE status = 'queued'`), so two
workers sweeping at once never both send a row. While a row is "sending", `next_attempt_at` holds the end of
the claim: a worker killed mid-send leaves its row there, and once the claim has expired the row goes back to
"queued" and is sent again.

Exactly once: the row is marked "sent" in the statement right after the mail server accepts the message. The
one window for a duplicate is a crash between the server's "250 OK" and that UPDATE; the second copy then
carries the same Message-ID (made from the idempotency key), which mail systems use to recognise it. A
timeout after the message was handed over is treated the same way: the outcome is unknown, so we retry with
the same Message-ID rather than risk losing the e-mail.
"""

import datetime
import hashlib
import logging
from collections.abc import Callable
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone

from practica.core.models import OutboxEmail, OutboxStatus

logger = logging.getLogger(__name__)

# How long a worker may hold a row in "sending" before it counts as stuck. Far above the SMTP timeout.
CLAIM_DURATION = datetime.timedelta(minutes=5)
BATCH_SIZE = 50
# Retry delays double from one minute up to this cap.
MAX_BACKOFF = datetime.timedelta(hours=1)

# A last look just before sending, contributed by the apps that write e-mails (core cannot import them): a
# check receives the row and returns None to send it, or a short reason to cancel it (the member has read
# the item already, can no longer see it ...). Registered by category prefix ("notification:").
SendCheck = Callable[[OutboxEmail], str | None]
_send_checks: dict[str, SendCheck] = {}


def register_send_check(category_prefix: str, check: SendCheck) -> None:
    _send_checks[category_prefix] = check


def _reason_to_cancel(email: OutboxEmail) -> str | None:
    for prefix, check in _send_checks.items():
        if email.category.startswith(prefix):
            reason = check(email)
            if reason:
                return reason
    return None


def message_id_for(key: str) -> str:
    """The same Message-ID for every attempt at one e-mail, so a copy sent twice is recognisable."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "practica.invalid"
    return f"<{digest}@{domain}>"


def from_address() -> str:
    """The site's address with the site's name shown, unless DEFAULT_FROM_EMAIL already names a sender."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return settings.DEFAULT_FROM_EMAIL if name else formataddr((settings.SITE_NAME, address))


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 ... minutes after the first, second, third ... failure, never more than an hour."""
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def build_message(email: OutboxEmail) -> EmailMultiAlternatives:
    # One recipient per message: nobody ever sees another member's address (SECURITY.md, channel 33).
    headers = {str(name): str(value) for name, value in (email.headers or {}).items()}
    headers["Message-ID"] = email.message_id or message_id_for(email.idempotency_key)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        from_email=from_address(),
        to=[email.to_address],
        reply_to=[settings.NO_REPLY_EMAIL],
        headers=headers,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    return message


def release_stuck(now: datetime.datetime | None = None) -> int:
    """Put back rows whose worker died while sending them; returns how many."""
    now = now or timezone.now()
    released = OutboxEmail.objects.filter(status=OutboxStatus.SENDING, next_attempt_at__lte=now).update(
        status=OutboxStatus.QUEUED, next_attempt_at=now
    )
    if released:
        logger.warning("outbox: %d e-mail(s) were left sending by a stopped worker and are queued again", released)
    return released


def claim(email_id: int, now: datetime.datetime) -> bool:
    """Take one row for this worker; False when another worker took it first (or it is no longer due)."""
    return bool(
        OutboxEmail.objects.filter(pk=email_id, status=OutboxStatus.QUEUED, next_attempt_at__lte=now).update(
            status=OutboxStatus.SENDING, next_attempt_at=now + CLAIM_DURATION
        )
    )


def _mark_sent(email: OutboxEmail, message_id: str) -> None:
    now = timezone.now()
    OutboxEmail.objects.filter(pk=email.pk, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.SENT, sent_at=now, attempts=F("attempts") + 1, message_id=message_id, last_error=""
    )


def _mark_failed_attempt(email: OutboxEmail, error: Exception) -> None:
    attempts = email.attempts + 1
    now = timezone.now()
    gave_up = attempts >= settings.OUTBOX_MAX_ATTEMPTS
    # The error's class and the server's words only: never the message itself (SECURITY.md, channel 25).
    text = f"{type(error).__name__}: {error}"[:1000]
    OutboxEmail.objects.filter(pk=email.pk, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.FAILED if gave_up else OutboxStatus.QUEUED,
        attempts=attempts,
        last_error=text,
        next_attempt_at=now if gave_up else now + backoff(attempts),
    )
    logger.warning(
        "outbox: e-mail %s attempt %d failed (%s)%s",
        email.pk,
        attempts,
        type(error).__name__,
        "; giving up" if gave_up else "",
    )


def _put_back_unsent(email: OutboxEmail, error: Exception) -> None:
    """The mail server could not be reached: the row waits for the next sweep without using an attempt."""
    OutboxEmail.objects.filter(pk=email.pk, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.QUEUED,
        last_error=f"{type(error).__name__}: {error}"[:1000],
        next_attempt_at=timezone.now() + backoff(1),
    )
    logger.warning("outbox: the mail server cannot be reached (%s); sending later", type(error).__name__)


def _cancel(email: OutboxEmail, reason: str) -> None:
    OutboxEmail.objects.filter(pk=email.pk, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.CANCELLED, last_error=reason[:1000]
    )


def due_ids(now: datetime.datetime, limit: int) -> list[int]:
    return list(
        OutboxEmail.objects.filter(status=OutboxStatus.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def deliver_due(*, batch_size: int = BATCH_SIZE, max_batches: int = 20) -> dict[str, int]:
    """Send what is due, batch after batch, through one connection to the mail server.

    Stops early when the server cannot be reached: the other rows keep their attempts and wait for the
    next sweep, so an outage delays e-mail without using up every row's retries.

    Runs in autocommit (the task worker opens no transaction around a task): each claim and each "sent"
    commits at once, which is what keeps the duplicate window to one message and SMTP out of any write lock.
    """
    counts = {"sent": 0, "failed": 0, "cancelled": 0, "unreachable": 0, "more": 0, "released": release_stuck()}
    connection = None
    try:
        for batch in range(max_batches + 1):
            ids = due_ids(timezone.now(), batch_size)
            if not ids:
                break
            if batch == max_batches:
                # A long queue: hand over to a fresh run rather than hold one worker for ever.
                counts["more"] = 1
                break
            for email_id in ids:
                if not claim(email_id, timezone.now()):
                    continue
                email = OutboxEmail.objects.get(pk=email_id)
                try:
                    reason = _reason_to_cancel(email)
                    message = build_message(email)
                except Exception as error:  # a broken row must not stay "sending"
                    logger.exception("outbox: e-mail %s could not be prepared", email.pk)
                    _mark_failed_attempt(email, error)
                    counts["failed"] += 1
                    continue
                if reason:
                    _cancel(email, reason)
                    counts["cancelled"] += 1
                    continue
                if connection is None:
                    backend = mail.mailers.default
                    try:
                        backend.open()
                    except Exception as error:  # the server is down: nobody's fault, no attempt used
                        _close_quietly(backend)
                        _put_back_unsent(email, error)
                        counts["unreachable"] = 1
                        return counts
                    connection = backend
                try:
                    if not connection.send_messages([message]):
                        raise RuntimeError("The mail server did not take the message.")
                except Exception as error:  # any failure is recorded on the row and retried
                    _mark_failed_attempt(email, error)
                    counts["failed"] += 1
                    # The session may be in any state after an error: start a fresh one for the next row.
                    connection = _close_quietly(connection)
                    continue
                _mark_sent(email, message.extra_headers["Message-ID"])
                counts["sent"] += 1
    finally:
        _close_quietly(connection)
    return counts


def _close_quietly(connection) -> None:
    if connection is not None:
        try:
            connection.close()
        except Exception:  # a broken connection is dropped either way
            logger.debug("outbox: closing the mail connection failed", exc_info=True)
    return None
