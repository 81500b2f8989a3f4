"""The "notify" event: other apps (messaging, meetings, experts, moderation) tell members through it.

    events.publish("notify", recipient_ids=[...], kind="message", target="messaging.message", target_id=7,
                   community_id=None, actor_id=3, snapshot={"title", "excerpt", "url"}, group_key="")

An optional `notice` names the kind of notice where members choose among them: meeting reminders carry
"reminder:day" or "reminder:hour", and reach only members whose reminder choice includes that lead.

The sender decides who should hear; this re-checks, for each recipient, that they may see the target now
(core.visibility: an unregistered kind of object is seen by nobody).
"""

import logging

from django.apps import apps

from practica.accounts.models import User
from practica.core import visibility
from practica.notifications.choices import REMINDER_LEADS, NotificationKind
from practica.notifications.models import EmailSettings
from practica.notifications.services.delivery import notify

logger = logging.getLogger(__name__)

SNAPSHOT_KEYS = ("title", "excerpt", "url")


def _safe_url(url: str) -> str:
    """Only a path on this site: a notification never sends a member elsewhere."""
    url = str(url or "")
    return url if url.startswith("/") and not url.startswith("//") else ""


def _not_wanting_reminder(lead: str):
    """Members who chose not to get this meeting reminder (a day or an hour before), on the site or by e-mail."""
    unwanted = [choice for choice, leads in REMINDER_LEADS.items() if lead not in leads]
    return EmailSettings.objects.filter(meeting_reminders__in=unwanted).values("user_id")


def notify_from_event(
    *,
    recipient_ids,
    kind: str,
    target: str,
    target_id: int,
    community_id: int | None = None,
    actor_id: int | None = None,
    snapshot: dict | None = None,
    group_key: str = "",
    notice: str = "",
) -> int:
    if kind not in NotificationKind.values:
        logger.warning("notify: unknown kind %s ignored", kind)
        return 0
    try:
        model = apps.get_model(target)
    except (LookupError, ValueError):
        logger.warning("notify: unknown target %s ignored", target)
        return 0
    obj = model._default_manager.filter(pk=target_id).first()
    if obj is None:
        return 0
    snapshot = {key: str((snapshot or {}).get(key, "")) for key in SNAPSHOT_KEYS}
    snapshot["url"] = _safe_url(snapshot["url"])
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    recipients = User.objects.filter(pk__in=list(recipient_ids or []), is_active=True)
    if kind == NotificationKind.MEETING and notice.startswith("reminder:"):
        recipients = recipients.exclude(pk__in=_not_wanting_reminder(notice.removeprefix("reminder:")))
    told = 0
    for recipient in recipients:
        if actor is not None and recipient.pk == actor.pk:
            continue
        if not visibility.can_see(recipient, obj):
            continue
        if notify(
            recipient=recipient,
            kind=kind,
            target=obj,
            community_id=community_id,
            actor=actor,
            snapshot=snapshot,
            group_key=group_key[:80],
        ):
            told += 1
    return told
