"""Background work for notifications: fan-out batches, the delayed "immediately" e-mails, and digests."""

from datetime import timedelta

from django.tasks import task

from practica.core.scheduler import periodic
from practica.notifications.services import activity, email


@task()
def fan_out_post(post_id: int, after_user_id: int) -> int:
    """One batch of a post's watchers; a big audience is told by a chain of these, one batch per task, so no
    task runs for long and a worker killed mid-way loses nothing (the batch runs again, creating no twins)."""
    cursor = activity.fan_out_batch(post_id, after_user_id)
    if cursor is not None:
        fan_out_post.enqueue(post_id, cursor)
    return cursor or 0


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    sent = 0
    for notification_id in notification_ids:
        sent += email.send_notification_email(notification_id) == "sent"
    return sent


@periodic("notifications.digests", every=timedelta(minutes=15))
@task()
def send_digests() -> int:
    """Checked every quarter hour, so hourly digests go out on time; each member's digest is written once
    per period whatever the rhythm of the job."""
    return email.send_due_digests()
