"""Creating notifications: the one entry point every kind goes through, alone or in fan-out batches.

Each notification decides its e-mail when it is created (immediately, digest, never, from the recipient's
preferences) and an "immediately" one is looked at again a few minutes later by `tasks.send_notification_emails`,
which sends it only if it is still unread and still visible. Handlers may run twice: a notification that exists
already is not created again, and a like already counted is not counted twice.
"""

import re
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from practica.notifications.choices import EmailMode, EmailState, NotificationKind
from practica.notifications.models import EmailSettings, Notification
from practica.notifications.preferences import default_mode

EXCERPT_CHARS = 240
# Kinds whose e-mail another app already sends: communities e-mails the outcome of a join request itself.
EMAILED_ELSEWHERE = frozenset({NotificationKind.JOIN_REQUEST})

_BLOCKQUOTE = re.compile(r"<blockquote\b.*?</blockquote>", re.DOTALL | re.IGNORECASE)


def excerpt_of_html(html: str) -> str:
    """A short plain-text excerpt of rendered text, without what it quotes: a quote's text is another post's,
    which may be hidden or removed later, so it never travels inside this one's notifications."""
    text = " ".join(strip_tags(_BLOCKQUOTE.sub(" ", html or "")).split())
    return Truncator(text).chars(EXCERPT_CHARS)


def get_email_settings(user) -> EmailSettings:
    """The member's e-mail settings, created with their defaults (and an unsubscribe secret) on first use."""
    row = EmailSettings.objects.filter(user=user).first()
    if row is not None:
        if not row.unsubscribe_key:
            row.unsubscribe_key = secrets.token_urlsafe(24)
            row.save(update_fields=["unsubscribe_key"])
        return row
    try:
        with transaction.atomic():
            return EmailSettings.objects.create(user=user, unsubscribe_key=secrets.token_urlsafe(24))
    except IntegrityError:
        return EmailSettings.objects.get(user=user)


def is_paused(email_settings: EmailSettings | None, today=None) -> bool:
    if email_settings is None or email_settings.paused_until is None:
        return False
    return email_settings.paused_until >= (today or timezone.localdate())


def initial_email_state(kind: str, email_settings: EmailSettings | None) -> str:
    """What happens by e-mail to a new notification, from the recipient's settings (or the defaults)."""
    if kind in EMAILED_ELSEWHERE:
        return EmailState.NONE
    if is_paused(email_settings):
        # A break is a break: nothing arrives later either; the notifications stay on the site.
        return EmailState.SKIPPED
    mode = email_settings.mode_for(kind) if email_settings else default_mode(kind)
    if mode == EmailMode.IMMEDIATELY:
        return EmailState.PENDING
    if mode == EmailMode.DIGEST:
        return EmailState.DIGEST
    return EmailState.NONE


def schedule_emails(notification_ids: list[int]) -> None:
    """Look at these notifications again after the delay, and e-mail those still unread (one task per batch)."""
    if not notification_ids:
        return
    from practica.notifications.tasks import send_notification_emails

    when = timezone.now() + timedelta(minutes=settings.NOTIFICATION_EMAIL_DELAY_MINUTES)
    send_notification_emails.using(run_after=when).enqueue(list(notification_ids))


def notify(
    *,
    recipient,
    kind: str,
    target=None,
    community_id: int | None = None,
    actor=None,
    snapshot: dict,
    group_key: str = "",
) -> Notification | None:
    """Tell one member about one thing. The caller has checked that the recipient may see the target.

    With a `group_key` (likes), an unread notification with the same key gains an actor instead of a new one
    appearing. Returns None when nothing changed (the same notification exists: a handler running twice).
    """
    content_type = ContentType.objects.get_for_model(target) if target is not None else None
    object_id = target.pk if target is not None else None
    actor_id = getattr(actor, "pk", None)
    snapshot = {**snapshot, "actor_name": getattr(actor, "display_name", "") or snapshot.get("actor_name", "")}
    with transaction.atomic():
        if group_key:
            existing = (
                Notification.objects.select_for_update()
                .filter(recipient=recipient, group_key=group_key, read_at__isnull=True)
                .first()
            )
            if existing is not None:
                actor_ids = existing.snapshot.get("actor_ids", [])
                fields = ["snapshot", "updated_at"]
                # A later thing in the same batch (the next message of a conversation) becomes the target, so
                # reading up to it can clear the notification; an earlier one (a retried handler) never does.
                newer = (
                    object_id is not None
                    and existing.content_type_id == getattr(content_type, "pk", None)
                    and object_id > (existing.object_id or 0)
                )
                if newer:
                    existing.object_id = object_id
                    fields.append("object_id")
                if actor_id is None:
                    # A batch without people (a meeting's changes): the latest news replaces the earlier.
                    existing.snapshot = {**existing.snapshot, **snapshot}
                    existing.save(update_fields=fields)
                    return existing
                if actor_id in actor_ids:
                    if not newer:
                        return None
                    existing.snapshot = {**existing.snapshot, **snapshot}
                    existing.save(update_fields=fields)
                    return existing
                existing.snapshot = {**existing.snapshot, **snapshot, "actor_ids": [*actor_ids, actor_id][-50:]}
                existing.actor_id = actor_id
                existing.actor_count = F("actor_count") + 1
                existing.save(update_fields=[*fields, "actor", "actor_count"])
                existing.refresh_from_db(fields=["actor_count"])
                return existing
            snapshot["actor_ids"] = [actor_id]
        else:
            same_target = Notification.objects.filter(
                recipient=recipient, kind=kind, content_type=content_type, object_id=object_id
            )
            if content_type is not None and kind in _ONE_PER_TARGET:
                if same_target.exists():
                    return None
            elif _repeats_latest(same_target, snapshot):
                return None
        email_settings = EmailSettings.objects.filter(user=recipient).first()
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            actor_id=actor_id,
            content_type=content_type,
            object_id=object_id,
            community_id=community_id,
            snapshot=snapshot,
            group_key=group_key,
            email_state=initial_email_state(kind, email_settings),
        )
        if notification.email_state == EmailState.PENDING:
            schedule_emails([notification.pk])
    return notification


def _repeats_latest(same_target, snapshot: dict) -> bool:
    """Kinds sent by other apps repeat for one target, each notice with its own news under the same title (a
    meeting's day-before reminder, its hour-before one, then a change; a speaker request's next status, or
    its return to an earlier one). Only a notice identical to the latest one, still unread, is a repeat of
    the same delivery (a handler running twice)."""
    latest = same_target.order_by("-created_at", "-pk").values("snapshot", "read_at").first()
    if latest is None or latest["read_at"] is not None:
        return False
    before = latest["snapshot"] or {}
    return before.get("title", "") == snapshot.get("title", "") and before.get("excerpt", "") == snapshot.get(
        "excerpt", ""
    )


# Discussion kinds: at most one notification of a kind per member per post, read or not.
_ONE_PER_TARGET = frozenset(
    {
        NotificationKind.REPLY,
        NotificationKind.MENTION,
        NotificationKind.QUOTE,
        NotificationKind.LINKED,
        NotificationKind.NEW_TOPIC,
        NotificationKind.NEW_POST,
        NotificationKind.JOIN_REQUEST,
    }
)


def notify_many(
    *, recipient_ids: Iterable[int], kind: str, target, community_id: int | None, actor, snapshot: dict
) -> list[Notification]:
    """One batch of a fan-out (watchers of a community or topic) in a fixed number of queries: the
    recipients' e-mail settings, the ones already told, one bulk insert, one e-mail task."""
    recipient_ids = list(recipient_ids)
    if not recipient_ids:
        return []
    content_type = ContentType.objects.get_for_model(target)
    already = set(
        Notification.objects.filter(
            recipient_id__in=recipient_ids, content_type=content_type, object_id=target.pk
        ).values_list("recipient_id", flat=True)
    )
    email_settings = {row.user_id: row for row in EmailSettings.objects.filter(user_id__in=recipient_ids)}
    snapshot = {**snapshot, "actor_name": getattr(actor, "display_name", "")}
    rows = [
        Notification(
            recipient_id=recipient_id,
            kind=kind,
            actor_id=getattr(actor, "pk", None),
            content_type=content_type,
            object_id=target.pk,
            community_id=community_id,
            snapshot=snapshot,
            email_state=initial_email_state(kind, email_settings.get(recipient_id)),
        )
        for recipient_id in recipient_ids
        if recipient_id not in already
    ]
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows, batch_size=500)
        pending = [n.pk for n in created if n.email_state == EmailState.PENDING and n.pk]
        schedule_emails(pending)
    return created


def set_excerpts(*, content_type: ContentType, object_ids: Iterable[int], excerpt: str) -> int:
    """Rewrite (or blank) the excerpt of every notification about these objects, in batches."""
    changed = 0
    queryset = Notification.objects.filter(content_type=content_type, object_id__in=list(object_ids)).only("snapshot")
    batch: list[Notification] = []
    for notification in queryset.iterator(chunk_size=500):
        if notification.snapshot.get("excerpt", "") == excerpt:
            continue
        notification.snapshot = {**notification.snapshot, "excerpt": excerpt}
        batch.append(notification)
        if len(batch) >= 500:
            changed += Notification.objects.bulk_update(batch, ["snapshot"])
            batch = []
    if batch:
        changed += Notification.objects.bulk_update(batch, ["snapshot"])
    return changed
