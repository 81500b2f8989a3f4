"""Who may see and write private messages. The one place these rules live.

A conversation is visible to its current participants and to nobody else: not to staff, not to moderators
(DESIGN.md, "staff cannot browse private messages"). The one exception is a message flagged to moderation,
which the reviewers of its queue item may open through a logged view (`can_view_reported_message`).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from practica.accounts.permissions import is_blocked_by, is_current_member
from practica.communities.permissions import shares_community
from practica.messaging.choices import WhoMayMessage


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _current_participation(user):
    from practica.messaging.models import Participant

    return Participant.objects.filter(conversation=OuterRef("pk"), user=user, left_at__isnull=True)


def visible_conversations(user, queryset: QuerySet) -> QuerySet:
    """Conversations the user takes part in and has not left."""
    if not _signed_in(user):
        return queryset.none()
    return queryset.filter(Exists(_current_participation(user)))


def visible_messages(user, queryset: QuerySet) -> QuerySet:
    """Messages of the conversations the user may see (hidden and removed ones show as placeholders)."""
    from practica.messaging.models import Conversation

    if not _signed_in(user):
        return queryset.none()
    return queryset.filter(conversation__in=visible_conversations(user, Conversation.objects.all()))


def is_participant(user, conversation) -> bool:
    from practica.messaging.models import Participant

    return (
        _signed_in(user)
        and Participant.objects.filter(conversation=conversation, user=user, left_at__isnull=True).exists()
    )


def can_view_conversation(user, conversation) -> bool:
    return is_participant(user, conversation)


def can_view_message(user, message) -> bool:
    return is_participant(user, message.conversation)


def can_see_message_text(user, message) -> bool:
    """Text away from the conversation page: never for hidden or removed messages."""
    return message.hidden_at is None and message.removed_at is None and can_view_message(user, message)


def can_write_messages(user) -> bool:
    """Current members write messages; silenced members may read but not write."""
    return _signed_in(user) and is_current_member(user) and not user.is_silenced()


def can_start_conversation(user) -> bool:
    return can_write_messages(user)


def can_send_moderation_message(user) -> bool:
    """Moderators and staff reach any member about their conduct, whatever the member's preferences or blocks."""
    return _signed_in(user) and is_current_member(user) and user.is_moderator


def preference_of(user):
    """The member's messaging preferences, or the defaults (anyone may message; no read receipts)."""
    from practica.messaging.models import MessagingPreference

    found = MessagingPreference.objects.filter(user=user).first()
    return found or MessagingPreference(user=user)


def accepts_messages_from(recipient, sender) -> bool:
    """Whether `sender` may start a conversation with `recipient`.

    A recipient who blocked the sender looks exactly like one who accepts no messages: every fact is looked
    up every time, so neither the answer nor its timing tells the sender which it was (security channel 37).
    """
    if recipient is None or sender is None or recipient.pk == sender.pk:
        return False
    reachable = is_current_member(recipient)
    preference = preference_of(recipient).who_may_message
    shares = shares_community(sender, recipient)
    blocked = is_blocked_by(recipient, sender)
    if preference == WhoMayMessage.NOBODY:
        allowed = False
    elif preference == WhoMayMessage.COMMUNITIES:
        allowed = shares
    else:
        allowed = True
    return reachable and allowed and not blocked


def can_send_in(user, conversation, participant=None) -> bool:
    """Current participants who may write, in a conversation someone else still reads.

    A message from the team alone (no staff member in the conversation) cannot be answered here: nobody would
    read the reply, so the page offers the team's contact route instead.
    """
    if not can_write_messages(user):
        return False
    if participant is None:
        from practica.messaging.models import Participant

        participant = Participant.objects.filter(conversation=conversation, user=user).first()
    if participant is None or participant.has_left:
        return False
    if conversation.is_moderation:
        return conversation.participants.exclude(user=user).filter(left_at__isnull=True).exists()
    return True


def can_view_reported_message(user, message) -> bool:
    """Reviewers of a queue item about this message (a flag on it, or a report linking to it; open or
    resolved) may read it; every view is logged."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from practica.moderation.models import ReviewItem
    from practica.moderation.permissions import reviewable_items

    if not (_signed_in(user) and is_current_member(user)):
        return False
    content_type = ContentType.objects.get_for_model(message)
    items = ReviewItem.objects.filter(
        Q(content_type=content_type, object_id=message.pk)
        | Q(reports__links__content_type=content_type, reports__links__object_id=message.pk)
    )
    return reviewable_items(user, items).exists()


def check(allowed: bool, reason: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(reason or _("You do not have permission to do this."))
