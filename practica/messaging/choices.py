from django.db import models
from django.utils.translation import gettext_lazy as _


class ConversationKind(models.TextChoices):
    NORMAL = "normal", _("Between members")
    # From the Communities of Practice team about a member's conduct: reaches them whatever their preferences.
    MODERATION = "moderation", _("From the Communities of Practice team")


class WhoMayMessage(models.TextChoices):
    ANYONE = "anyone", _("Any member")
    COMMUNITIES = "communities", _("Only members who share a community with me")
    NOBODY = "nobody", _("Nobody")


class InboxOrder(models.TextChoices):
    NEWEST = "newest", _("Newest first")
    UNREAD = "unread", _("Unread first")
