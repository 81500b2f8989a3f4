"""Marking notifications read and unread: the member's own, nobody else's."""

from django.db import transaction
from django.utils import timezone

from practica.notifications.models import Notification


def _own(user, notification_id: int):
    return Notification.objects.filter(pk=notification_id, recipient=user)


@transaction.atomic
def mark_read(*, user, notification: Notification) -> None:
    """Read on the site: it leaves the bell's count, and its e-mail (if still waiting) is not sent."""
    _own(user, notification.pk).filter(read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def mark_unread(*, user, notification: Notification) -> None:
    # updated_at stays: marking unread must not move the notification to the top of the list.
    _own(user, notification.pk).update(read_at=None)


@transaction.atomic
def mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
