"""The e-mail outbox: every e-mail is a row written in the transaction that causes it, then sent by the worker.

    enqueue_email(key="mention:17:42", to="a@example.org", subject=..., text=..., html=...)

The key makes the write idempotent: a handler that runs twice (a retried task) enqueues the e-mail once.
Delivery (retries with backoff, exactly-once sending, statuses for staff) is in `deliver_outbox`.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from practica.core.models import OutboxEmail


def enqueue_email(
    *,
    key: str,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    recipient=None,
    category: str = "",
    headers: dict | None = None,
    send_after: datetime.datetime | None = None,
) -> OutboxEmail | None:
    """Store one e-mail for sending; returns None when an e-mail with this key was already stored."""
    if OutboxEmail.objects.filter(idempotency_key=key).exists():
        return None
    try:
        with transaction.atomic():
            return OutboxEmail.objects.create(
                idempotency_key=key,
                to_address=to,
                recipient=recipient if getattr(recipient, "pk", None) else None,
                category=category,
                subject=" ".join(subject.split())[:300],
                text_body=text,
                html_body=html,
                headers=headers or {},
                next_attempt_at=send_after or timezone.now(),
            )
    except IntegrityError:
        return None
