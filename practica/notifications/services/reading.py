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


@transaction.atomic
def mark_conversation_read(*, user_id: int, conversation_id: int, up_to_message_id: int | None) -> int:
    """The member read a private conversation on its page: its notifications up to the last message shown are
    read (off the bell, and their delayed e-mail is not sent). A notification whose latest message came after
    stays unread. Returns how many changed."""
    if not up_to_message_id:
        return 0
    return Notification.objects.filter(
        recipient_id=user_id,
        group_key=f"conversation:{conversation_id}",
        read_at__isnull=True,
        object_id__lte=up_to_message_id,
    ).update(read_at=timezone.now())
