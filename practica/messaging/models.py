"""Private conversations between members, and the messages the Communities of Practice team sends members.

A conversation's participants are its only readers: staff cannot browse them (DESIGN.md, decisions). A message
flagged to moderation is shown to the reviewers of its queue item through one logged view.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from practica.messaging.choices import ConversationKind, WhoMayMessage


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.messaging.permissions import visible_conversations

        return visible_conversations(user, self)


class Conversation(models.Model):
    """Two or more members writing privately, or one member and the team (kind moderation)."""

    subject = models.CharField(_("subject"), max_length=200, blank=True)
    kind = models.CharField(max_length=12, choices=ConversationKind, default=ConversationKind.NORMAL)
    # None for a message from the team itself (no person named).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Denormalised, kept by services.send_message: the inbox orders and summarises without reading messages.
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_message = models.ForeignKey(
        "messaging.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message_count = models.PositiveIntegerField(default=0)
    # One moderation conversation per review item and member, so a retried delivery finds it again.
    moderation_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    # A moderation message may offer the member a call with the team (a link to where they ask for one).
    call_request_url = models.CharField(max_length=500, blank=True)
    # A form's one-time key: a double click on "Send" starts one conversation.
    idempotency_key = models.CharField(max_length=64, blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="conversation_idempotency_key_once",
            )
        ]

    def __str__(self) -> str:
        return self.subject or f"Conversation {self.pk}"

    @property
    def is_moderation(self) -> bool:
        return self.kind == ConversationKind.MODERATION


class Participant(models.Model):
    """A member in a conversation: when they joined and left, what they have read, whether they muted it."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations")
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    muted = models.BooleanField(default=False)
    # Denormalised, kept by services: messages arrived since the member last read, so the menu's count is
    # one indexed query.
    unread_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="participant_once_per_conversation")
        ]
        indexes = [models.Index(fields=["user", "left_at", "unread_count"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"

    @property
    def has_left(self) -> bool:
        return self.left_at is not None


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.messaging.permissions import visible_messages

        return visible_messages(user, self)


class Message(models.Model):
    """One message in a conversation. The body is Markdown, rendered once on save by the text pipeline."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    # None: the Communities of Practice team, in a moderation conversation.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="messages_sent"
    )
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Moderation state, changed only through services.moderation (called by practica.moderation's adapter):
    # hidden while reviewed (the sender still sees it), removed completely (the text is purged).
    hidden_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    # A form's or a delivery's one-time key: a double click or a retried handler adds the message once.
    idempotency_key = models.CharField(max_length=64, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="message_idempotency_key_once",
            )
        ]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self) -> str:
        return f"Message {self.pk} in {self.conversation_id}"

    @property
    def is_from_team(self) -> bool:
        return self.sender_id is None


class MessagingPreference(models.Model):
    """Who may start a conversation with a member, and whether they share read receipts (off by default)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messaging_preference")
    who_may_message = models.CharField(
        _("who may send me private messages"), max_length=12, choices=WhoMayMessage, default=WhoMayMessage.ANYONE
    )
    read_receipts = models.BooleanField(
        _("show others when I have read their messages"),
        default=False,
        help_text=_("Receipts appear in a conversation only when everyone in it has turned them on."),
    )

    def __str__(self) -> str:
        return f"Messaging preferences of {self.user_id}"
