"""Reactions to domain events: the team's moderation messages, and erased accounts. Safe to run twice."""

from practica.accounts.models import User
from practica.core.events import subscribes
from practica.messaging import services
from practica.messaging.permissions import can_send_moderation_message


@subscribes("moderation.message")
def deliver_moderation_message(
    *,
    recipient_id: int,
    sender_id: int | None = None,
    subject: str = "",
    body: str,
    review_item_id: int | None = None,
    call_request_url: str = "",
    **extra,
) -> None:
    """Deliver a message from the team as a moderation conversation; a retried delivery adds nothing."""
    recipient = User.objects.filter(pk=recipient_id, erased_at__isnull=True).first()
    if recipient is None:
        return
    sender = User.objects.filter(pk=sender_id).first() if sender_id else None
    if sender is not None and not can_send_moderation_message(sender):
        # The moderator has since lost the role: the message still reaches the member, from the team.
        sender = None
    key = services.moderation_message_key(
        recipient_id=recipient_id,
        sender_id=sender_id,
        subject=subject,
        body=body,
        review_item_id=review_item_id,
        call_request_url=call_request_url or "",
        **extra,
    )
    services.send_moderation_message(
        recipient=recipient,
        sender=sender,
        subject=subject,
        body=body,
        review_item_id=review_item_id,
        call_request_url=call_request_url or "",
        idempotency_key=key,
    )


@subscribes("member.erased")
def erase_messages(*, user_id: int, **extra) -> None:
    services.erase_messages_of(user_id=user_id)
