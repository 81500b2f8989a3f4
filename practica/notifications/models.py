"""What members are told: in-app notifications, what they watch, and how they want to hear by e-mail.

E-mails themselves are rows in the outbox (practica.core.models.OutboxEmail), written in the same
transaction as the notification that causes them.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from practica.notifications.choices import DigestFrequency, EmailState, MeetingReminders, NotificationKind, WatchLevel


class Notification(models.Model):
    """One thing a member is told about. Batched kinds (likes) update one row per target while it is unread."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=NotificationKind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How many members did this (for "3 members liked your post").
    actor_count = models.PositiveIntegerField(default=1)
    # The thing it is about; the visibility check runs against it at send and at display time.
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Enough to render after the target is deleted or hidden: {"title", "excerpt", "url", "actor_name"}.
    # The excerpt is never shown for a target the recipient can no longer see, or one that is hidden.
    snapshot = models.JSONField(default=dict, blank=True)
    # Batching key (e.g. "like:post:42"): an unread notification with the same key is updated, not duplicated.
    group_key = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState, default=EmailState.NONE)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-updated_at"]),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["email_state", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class CommunityWatch(models.Model):
    """A member's watch level for a community (new topics and posts in it); absent means normal."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_watches")
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="watches")
    level = models.CharField(max_length=10, choices=WatchLevel, default=WatchLevel.NORMAL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "community"], name="community_watch_once")]
        indexes = [models.Index(fields=["community", "level"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level} {self.community_id}"


class TopicWatch(models.Model):
    """A member's watch level for a topic; it overrides the community's. Starting a topic watches it,
    replying tracks it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_watches")
    topic = models.ForeignKey("discussions.Topic", on_delete=models.CASCADE, related_name="watches")
    level = models.CharField(max_length=10, choices=WatchLevel, default=WatchLevel.NORMAL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="topic_watch_once")]
        indexes = [models.Index(fields=["topic", "level"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level} {self.topic_id}"


class EmailSettings(models.Model):
    """A member's e-mail choices: per kind (immediately, digest, never), the digest's rhythm, and a break; and
    which meeting reminders they want at all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="email_settings"
    )
    # {kind: EmailMode}; a kind not listed takes the default from practica.notifications.preferences.
    modes = models.JSONField(default=dict, blank=True)
    digest_frequency = models.CharField(
        _("send my digest"), max_length=10, choices=DigestFrequency, default=DigestFrequency.DAILY
    )
    paused_until = models.DateField(_("pause e-mails until"), null=True, blank=True)
    # Which meeting reminders the member gets at all, on the site and by e-mail (a day before, an hour before).
    meeting_reminders = models.CharField(
        _("remind me of meetings"), max_length=4, choices=MeetingReminders, default=MeetingReminders.BOTH
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)
    # A secret for the one-click unsubscribe links (rotated when the member asks).
    unsubscribe_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name_plural = _("e-mail settings")

    def __str__(self) -> str:
        return f"E-mail settings of {self.user_id}"

    def mode_for(self, kind: str) -> str:
        from practica.notifications.preferences import default_mode

        return self.modes.get(kind) or default_mode(kind)


class CommunityEmailPolicy(models.Model):
    """What e-mails about a confidential (closed or unlisted) community may carry, chosen by its champions.

    Absent means the default: the title and a link, never the post's text (DESIGN.md, "Decisions already taken").
    Kept here rather than on the community so that communities need not know about e-mail.
    """

    community = models.OneToOneField(
        "communities.Community", primary_key=True, on_delete=models.CASCADE, related_name="email_policy"
    )
    include_text = models.BooleanField(
        _("include the text of posts in e-mails"),
        default=False,
        help_text=_(
            "E-mail cannot be recalled once sent, and may be read on shared or work devices. Leave this off unless "
            "the community has agreed to it."
        ),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("community e-mail policies")

    def __str__(self) -> str:
        return f"E-mail policy of {self.community_id}"


class EmailContents(models.Model):
    """What a notification or digest e-mail waiting in the outbox speaks of, so that the last look before it is
    sent (services.send_checks) can ask again whether its reader may still see all of it."""

    outbox_key = models.CharField(max_length=160, unique=True)
    # Kept (empty) when the account is deleted, so the check knows the e-mail must not go to the old address.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notification_ids = models.JSONField(default=list, blank=True)
    # Every community the e-mail names (its notifications', its top topics', its meetings').
    community_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = _("e-mail contents")

    def __str__(self) -> str:
        return self.outbox_key
