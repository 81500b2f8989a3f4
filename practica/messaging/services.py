"""Every write of private messaging: starting conversations, sending, reading, leaving, muting, preferences,
the team's moderation messages, and what moderation and erasure do to messages.

Counters (the conversation's last message, each participant's unread count) are kept here, in the same
transaction as the message, and the notification is published with it, so a crash loses nothing.
"""

import hashlib
import json
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.accounts.models import Block, User
from practica.core import events
from practica.discussions.services.posting import render_body
from practica.messaging.choices import ConversationKind, WhoMayMessage
from practica.messaging.models import Conversation, Message, MessagingPreference, Participant
from practica.messaging.permissions import (
    accepts_messages_from,
    can_send_in,
    can_send_moderation_message,
    can_start_conversation,
    check,
)
from practica.messaging.queries import unread_cache_key

BODY_MAX = 20_000
SUBJECT_MAX = 200


class MessagingError(Exception):
    """A clear refusal (empty message, too many people ...) that changes nothing; views show it by its field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def max_recipients() -> int:
    """Recipients one member may add: the configured conversation size, less the sender."""
    return max(settings.MESSAGING_MAX_PARTICIPANTS - 1, 1)


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise MessagingError(_("Please write a message before sending."), "body")
    if len(body) > BODY_MAX:
        raise MessagingError(
            _("This is %(length)s characters long; the limit is %(limit)s.") % {"length": len(body), "limit": BODY_MAX},
            "body",
        )
    return body


def _clean_subject(subject: str) -> str:
    subject = " ".join((subject or "").split())
    if len(subject) > SUBJECT_MAX:
        raise MessagingError(_("The subject can be at most %(limit)s characters.") % {"limit": SUBJECT_MAX}, "subject")
    return subject


def conversation_url(conversation: Conversation) -> str:
    return reverse("messaging:conversation", args=[conversation.pk])


def refusal_for(recipients: Iterable[User]) -> str:
    """What the sender is told about recipients who cannot be messaged: the same words whatever the reason."""
    names = ", ".join(person.display_name for person in recipients)
    return _("%(names)s does not accept private messages.") % {"names": names}


def refused_recipients(*, sender, recipients: Iterable[User]) -> list[User]:
    """The recipients `sender` may not start a conversation with (preferences, blocks, lapsed accounts)."""
    return [person for person in recipients if not accepts_messages_from(person, sender)]


def forget_unread_counts(user_ids) -> None:
    """The menu's cached counts of these members are out of date: now, and again once the change is committed
    (so a page rendered in between cannot keep the old number)."""
    keys = [unread_cache_key(user_id) for user_id in user_ids]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def _notify(message: Message, conversation: Conversation, recipient_ids: list[int]) -> None:
    if not recipient_ids:
        return
    sender = message.sender
    if conversation.subject:
        title = conversation.subject
    elif sender is None:
        title = _("Message from the Communities of Practice team")
    else:
        title = _("Message from %(name)s") % {"name": sender.display_name}
    # The excerpt stays empty: private text stays out of e-mails (and notification snapshots) by default.
    events.publish(
        "notify",
        recipient_ids=recipient_ids,
        kind="moderation" if conversation.is_moderation else "message",
        target="messaging.message",
        target_id=message.pk,
        community_id=None,
        actor_id=sender.pk if sender is not None else None,
        snapshot={"title": title, "excerpt": "", "url": conversation_url(conversation)},
        group_key=f"conversation:{conversation.pk}",
    )


def _add_message(*, conversation: Conversation, sender, body: str, idempotency_key: str = "") -> tuple[Message, bool]:
    """Store a message and keep the counters; (message, created). A repeated key returns the first message."""
    if idempotency_key:
        existing = Message.objects.filter(conversation=conversation, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    rendered = render_body(body)
    # Lock the conversation: its counters and last message are changed one writer at a time.
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                conversation=locked, sender=sender, body=body, body_html=rendered.html, idempotency_key=idempotency_key
            )
    except IntegrityError:
        existing = Message.objects.filter(conversation=locked, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    Conversation.objects.filter(pk=locked.pk).update(
        last_message_at=message.created_at, last_message=message, message_count=F("message_count") + 1
    )
    others = Participant.objects.filter(conversation=locked, left_at__isnull=True)
    if sender is not None:
        others = others.exclude(user=sender)
        Participant.objects.filter(conversation=locked, user=sender).update(
            last_read_at=message.created_at, unread_count=0
        )
        if not locked.is_moderation:
            # Whoever blocked the sender is not reached by them: no unread count, no notification. The sender
            # is not told (security channel 37); the blocker sees the message collapsed on the page.
            others = others.exclude(user__in=Block.objects.filter(blocked_id=sender.pk).values("blocker_id"))
    reached = list(others.values_list("user_id", "muted"))
    Participant.objects.filter(conversation=locked, user_id__in=[user_id for user_id, _muted in reached]).update(
        unread_count=F("unread_count") + 1
    )
    forget_unread_counts([user_id for user_id, _muted in reached] + ([sender.pk] if sender is not None else []))
    _notify(message, locked, [user_id for user_id, muted in reached if not muted])
    return message, True


@transaction.atomic
def start_conversation(
    *, sender, recipients: Iterable[User], subject: str = "", body: str, idempotency_key: str = ""
) -> Conversation:
    """Start a private conversation with one or more members who accept messages from the sender."""
    check(can_start_conversation(sender), _("You cannot send private messages at the moment."))
    if idempotency_key:
        existing = Conversation.objects.filter(created_by=sender, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    people = []
    for person in recipients:
        if person.pk != sender.pk and person.pk not in {p.pk for p in people}:
            people.append(person)
    if not people:
        raise MessagingError(_("Choose at least one member to write to."), "recipients")
    if len(people) > max_recipients():
        raise MessagingError(
            _("A conversation can have at most %(count)s people, you included.")
            % {"count": settings.MESSAGING_MAX_PARTICIPANTS},
            "recipients",
        )
    refused = refused_recipients(sender=sender, recipients=people)
    if refused:
        raise MessagingError(refusal_for(refused), "recipients")
    subject = _clean_subject(subject)
    body = _clean_body(body)
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                subject=subject, created_by=sender, idempotency_key=idempotency_key
            )
    except IntegrityError:
        return Conversation.objects.get(created_by=sender, idempotency_key=idempotency_key)
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=person) for person in [sender, *people]]
    )
    _add_message(conversation=conversation, sender=sender, body=body)
    conversation.refresh_from_db()
    return conversation


@transaction.atomic
def send_message(*, sender, conversation: Conversation, body: str, idempotency_key: str = "") -> Message:
    """Reply in a conversation the sender takes part in."""
    check(can_send_in(sender, conversation), _("You cannot write in this conversation."))
    message, _created = _add_message(
        conversation=conversation, sender=sender, body=_clean_body(body), idempotency_key=idempotency_key
    )
    return message


@transaction.atomic
def mark_read(*, user, conversation: Conversation) -> None:
    """The member has seen the conversation up to now. Writes only when something was unread.

    Publishes "conversation.read" with the last message the page showed, so the notifications about it leave
    the bell and their delayed e-mail is not sent (a message that arrived since stays unread)."""
    if conversation.last_message_at is None:
        return
    changed = (
        Participant.objects.filter(conversation=conversation, user=user, left_at__isnull=True)
        .filter(Q(unread_count__gt=0) | Q(last_read_at__isnull=True) | Q(last_read_at__lt=conversation.last_message_at))
        # A message that arrived after the page was read stays unread.
        .filter(conversation__last_message_at__lte=conversation.last_message_at)
        .update(unread_count=0, last_read_at=timezone.now())
    )
    if changed:
        forget_unread_counts([user.pk])
        events.publish(
            "conversation.read",
            conversation_id=conversation.pk,
            user_id=user.pk,
            up_to_message_id=conversation.last_message_id,
        )


@transaction.atomic
def leave_conversation(*, user, conversation: Conversation) -> bool:
    """Leave for good: the conversation disappears from the member's inbox and they get nothing more from it."""
    changed = Participant.objects.filter(conversation=conversation, user=user, left_at__isnull=True).update(
        left_at=timezone.now(), unread_count=0
    )
    forget_unread_counts([user.pk])
    return bool(changed)


@transaction.atomic
def set_muted(*, user, conversation: Conversation, muted: bool) -> None:
    """A muted conversation still counts unread messages on its page, but sends no notifications."""
    Participant.objects.filter(conversation=conversation, user=user, left_at__isnull=True).update(muted=muted)
    forget_unread_counts([user.pk])


@transaction.atomic
def update_preferences(*, user, who_may_message: str, read_receipts: bool) -> MessagingPreference:
    """Who may start conversations with the member, and whether they share read receipts."""
    if who_may_message not in WhoMayMessage.values:
        raise MessagingError(_("Choose who may send you private messages."), "who_may_message")
    preference, _created = MessagingPreference.objects.update_or_create(
        user=user, defaults={"who_may_message": who_may_message, "read_receipts": bool(read_receipts)}
    )
    return preference


# Messages from the Communities of Practice team. They reach members whatever their preferences and blocks
# (accounts.permissions: a block never stops a moderation message).


def _safe_link(url: str) -> str:
    """A link shown as a button: a path on this site or an http(s) address, never a script."""
    url = (url or "").strip()[:500]
    if (url.startswith("/") and not url.startswith("//")) or url.startswith(("https://", "http://")):
        return url
    return ""


def moderation_message_key(**payload) -> str:
    """A delivery's fingerprint: a retried event carries the same payload, so it adds the message once."""
    canonical = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:64]


@transaction.atomic
def send_moderation_message(
    *,
    recipient: User,
    sender: User | None = None,
    subject: str = "",
    body: str,
    review_item_id: int | None = None,
    call_request_url: str = "",
    idempotency_key: str = "",
) -> Message:
    """A message from the team (or a moderator speaking for it) to a member about their conduct.

    One conversation per review item and member: later messages about the same item join it.
    """
    if sender is not None:
        check(can_send_moderation_message(sender), _("Only moderators and staff send moderation messages."))
    body = _clean_body(body)
    subject = _clean_subject(subject) or _("A message from the Communities of Practice team")
    call_request_url = _safe_link(call_request_url)
    if review_item_id:
        key = f"review:{review_item_id}:{recipient.pk}"
    elif idempotency_key:
        # No queue item: the delivery's own key names the conversation, so a retry or a double click finds it.
        key = f"delivery:{idempotency_key[:40]}:{recipient.pk}"
    else:
        key = None
    conversation = Conversation.objects.filter(moderation_key=key).first() if key else None
    if conversation is None:
        try:
            with transaction.atomic():
                conversation = Conversation.objects.create(
                    subject=subject,
                    kind=ConversationKind.MODERATION,
                    created_by=sender,
                    moderation_key=key,
                    call_request_url=call_request_url,
                )
        except IntegrityError:
            conversation = Conversation.objects.get(moderation_key=key)
    elif call_request_url and conversation.call_request_url != call_request_url:
        Conversation.objects.filter(pk=conversation.pk).update(call_request_url=call_request_url)
    for person in [recipient, sender]:
        if person is not None:
            Participant.objects.get_or_create(conversation=conversation, user=person)
    message, _created = _add_message(
        conversation=conversation, sender=sender, body=body, idempotency_key=idempotency_key
    )
    return message


# What moderation does to a message (called through the adapter registered in apps.py).


def hide_message(message: Message, *, actor=None, reason: str = "") -> None:
    """Hidden while reviewed: the other participants see a placeholder, the sender still sees the text."""
    Message.objects.filter(pk=message.pk, hidden_at__isnull=True).update(hidden_at=timezone.now())


def unhide_message(message: Message, *, actor=None) -> None:
    Message.objects.filter(pk=message.pk).update(hidden_at=None)


def remove_message(message: Message, *, actor=None) -> None:
    """Removed: everyone, the sender included, sees that a message was removed by moderators."""
    Message.objects.filter(pk=message.pk, removed_at__isnull=True).update(removed_at=timezone.now())


def purge_message(message: Message, *, actor=None) -> dict:
    """Removed completely: the text goes from every table; the caller keeps the returned copy sealed."""
    message.refresh_from_db()
    sealed = {"body": message.body, "body_html": message.body_html, "sent_at": message.created_at.isoformat()}
    Message.objects.filter(pk=message.pk).update(body="", body_html="", removed_at=timezone.now(), hidden_at=None)
    return sealed


@transaction.atomic
def erase_messages_of(*, user_id: int) -> int:
    """An erased account's messages keep their place in conversations, but their text is gone; the account
    leaves every conversation. Safe to run twice."""
    erased = Message.objects.filter(sender_id=user_id).exclude(body="", body_html="").update(body="", body_html="")
    Participant.objects.filter(user_id=user_id, left_at__isnull=True).update(left_at=timezone.now(), unread_count=0)
    forget_unread_counts([user_id])
    return erased
