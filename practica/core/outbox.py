"""The e-mail outbox: every e-mail is a row written in the transaction that causes it, then sent by the worker.

    enqueue_email(key="mention:17:42", to="a@example.org", subject=..., text=..., html=...)

The key makes the write idempotent: a handler that runs twice (a retried task) enqueues the e-mail once.
Writing a row also stores a delivery task in the same transaction, so the e-mail leaves as soon as the
transaction commits and a worker is free; a sweep every minute catches retries and anything missed.
Delivery itself (claims, retries with backoff, exactly-once sending) is in practica.core.delivery.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.core.audit import record
from practica.core.delivery import message_id_for
from practica.core.models import OutboxEmail, OutboxStatus


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
            email = OutboxEmail.objects.create(
                idempotency_key=key,
                to_address=to,
                recipient=recipient if getattr(recipient, "pk", None) else None,
                category=category,
                subject=" ".join(subject.split())[:300],
                text_body=text,
                html_body=html,
                headers=headers or {},
                next_attempt_at=send_after or timezone.now(),
                message_id=message_id_for(key),
            )
    except IntegrityError:
        return None
    schedule_delivery(email.next_attempt_at)
    return email


def schedule_delivery(when: datetime.datetime | None = None) -> None:
    """Store a delivery run in the current transaction, unless one that will run by `when` is waiting already.

    One run sends every due e-mail, so a handler writing a thousand e-mails stores one task, not a thousand.
    """
    from practica.core.tasks import deliver_outbox

    when = when or timezone.now()
    if _delivery_waiting(deliver_outbox, when):
        return
    if when > timezone.now():
        deliver_outbox.using(run_after=when).enqueue()
    else:
        deliver_outbox.enqueue()


def _delivery_waiting(task, when: datetime.datetime) -> bool:
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return False
    from django_tasks_db.models import DBTaskResult, get_date_max

    return (
        DBTaskResult.objects.filter(task_path=task.module_path, status="READY")
        .filter(Q(run_after=get_date_max()) | Q(run_after__lte=when))
        .exists()
    )


# Staff: what the outbox holds, and the two things staff may do about a row.

STAFF_PAGE_SIZE = 50


def status_counts() -> dict[str, int]:
    """How many e-mails are in each status, every status present (zero when none)."""
    counts = dict(OutboxEmail.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in OutboxStatus.values}


def list_emails_for_staff(*, status: str = "", category: str = "", address: str = "") -> QuerySet:
    """Rows for the staff page, newest first; the bodies are never loaded (they may hold private text)."""
    emails = OutboxEmail.objects.only(
        "id",
        "to_address",
        "category",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    )
    if status:
        emails = emails.filter(status=status)
    if category:
        emails = emails.filter(category__startswith=category)
    if address:
        emails = emails.filter(to_address__icontains=address.strip())
    return emails.order_by("-created_at", "-id")


def categories() -> list[str]:
    return list(OutboxEmail.objects.order_by("category").values_list("category", flat=True).distinct()[:100])


class OutboxActionRefused(Exception):
    """A staff action that does not apply to the row as it is now (already sent, already cancelled ...)."""


@transaction.atomic
def retry_email(*, actor, email: OutboxEmail) -> None:
    """Send a failed (or waiting) e-mail again now, with a fresh set of attempts."""
    now = timezone.now()
    updated = OutboxEmail.objects.filter(pk=email.pk, status__in=[OutboxStatus.FAILED, OutboxStatus.QUEUED]).update(
        status=OutboxStatus.QUEUED, attempts=0, next_attempt_at=now
    )
    if not updated:
        raise OutboxActionRefused(_("Only a failed or waiting e-mail can be retried."))
    record(actor=actor, action="outbox.retry", target=email, summary=_("E-mail queued again"))
    schedule_delivery(now)


@transaction.atomic
def cancel_email(*, actor, email: OutboxEmail) -> None:
    """Stop an e-mail that has not been sent yet from ever being sent."""
    updated = OutboxEmail.objects.filter(pk=email.pk, status__in=[OutboxStatus.QUEUED, OutboxStatus.FAILED]).update(
        status=OutboxStatus.CANCELLED, last_error=_("Cancelled by staff.")
    )
    if not updated:
        raise OutboxActionRefused(_("This e-mail has been sent or is being sent, so it cannot be cancelled."))
    record(actor=actor, action="outbox.cancel", target=email, summary=_("E-mail cancelled"))


@transaction.atomic
def redact_emails(*, fragments: list[str], replacement: str) -> int:
    """Content removed completely must not survive in e-mails: every stored e-mail quoting any of `fragments`
    has them replaced, and one not yet sent is cancelled (its reader would get a hole where the text was).
    Returns how many e-mails were changed."""
    fragments = [fragment for fragment in fragments if fragment]
    if not fragments:
        return 0
    quoting = Q()
    for fragment in fragments:
        quoting |= Q(text_body__contains=fragment) | Q(html_body__contains=fragment) | Q(subject__contains=fragment)
    changed = 0
    for email in OutboxEmail.objects.select_for_update().filter(quoting):
        fields = {}
        for name in ("subject", "text_body", "html_body"):
            value = getattr(email, name)
            for fragment in fragments:
                value = value.replace(fragment, replacement)
            fields[name] = value
        if email.status in {OutboxStatus.QUEUED, OutboxStatus.FAILED}:
            fields.update(status=OutboxStatus.CANCELLED, last_error=_("Cancelled: it quoted content that was removed."))
        OutboxEmail.objects.filter(pk=email.pk).update(**fields)
        changed += 1
    return changed
