"""Demo data for the e-mail outbox: a few e-mails in each state, so the staff outbox page shows what it does.

The rows are written as if already handled (sent, or failed after every attempt) so the demo never sends them.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from practica.core.models import OutboxEmail, OutboxStatus

DEMO_EMAILS = [
    (
        "demo:outbox:1",
        "ruth.okafor@example.org",
        "notification:reply",
        "[Supervision Circle] New reply in “Endings with long-term clients”",
        OutboxStatus.SENT,
        1,
        "",
    ),
    ("demo:outbox:2", "tom.hughes@example.org", "digest", "Your daily summary", OutboxStatus.SENT, 2, ""),
    (
        "demo:outbox:3",
        "old.address@example.invalid",
        "notification:mention",
        "[Trauma-Informed Practice] You were mentioned",
        OutboxStatus.FAILED,
        8,
        "SMTPRecipientsRefused: {'old.address@example.invalid': (550, b'5.1.1 Mailbox does not exist')}",
    ),
    (
        "demo:outbox:4",
        "priya.shah@example.org",
        "account:password_reset_key",
        f"[{settings.SITE_NAME}] Password reset",
        OutboxStatus.CANCELLED,
        0,
        "Cancelled by staff.",
    ),
]


def load() -> None:
    now = timezone.now()
    for number, (key, address, category, subject, status, attempts, error) in enumerate(DEMO_EMAILS):
        if OutboxEmail.objects.filter(idempotency_key=key).exists():
            continue
        written = now - datetime.timedelta(hours=3 * (number + 1))
        OutboxEmail.objects.create(
            idempotency_key=key,
            to_address=address,
            category=category,
            subject=subject,
            text_body="(demo)",
            status=status,
            attempts=attempts,
            last_error=error,
            next_attempt_at=written,
            sent_at=written + datetime.timedelta(seconds=4) if status == OutboxStatus.SENT else None,
        )
