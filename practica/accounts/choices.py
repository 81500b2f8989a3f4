from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")
    STAFF = "staff", _("Staff")
    ADMIN = "admin", _("Admin")


class FieldVisibility(models.TextChoices):
    MEMBERS = "members", _("All members")
    COMMUNITIES = "communities", _("Members of my communities")
    STAFF = "staff", _("Staff only")


class LegalKind(models.TextChoices):
    TERMS = "terms", _("Terms of service")
    GUIDELINES = "guidelines", _("Community guidelines")
    PRIVACY = "privacy", _("Privacy and cookies")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    APPLIED = "applied", _("Applied")
    DISCARDED = "discarded", _("Discarded")


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for staff")
    COMPLETED = "completed", _("Erased")
    CANCELLED = "cancelled", _("Cancelled")
