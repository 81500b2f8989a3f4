from django.db import models
from django.utils.translation import gettext_lazy as _


class FlagReason(models.TextChoices):
    INAPPROPRIATE = "inappropriate", _("Inappropriate")
    BULLYING = "bullying", _("Bullying or harassment")
    DISCRIMINATION = "discrimination", _("Discrimination or abuse")
    CLIENT = "client", _("May identify a client")
    COPYRIGHT = "copyright", _("Copyright")
    DEFAMATORY = "defamatory", _("Defamatory")
    ADVERTISING = "advertising", _("Advertising or spam")
    OFF_TOPIC = "off_topic", _("Off topic")
    ILLEGAL = "illegal", _("Illegal")
    OTHER = "other", _("Something else")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    AGREED = "agreed", _("Agreed with")
    DISAGREED = "disagreed", _("Disagreed with")


class ItemKind(models.TextChoices):
    FLAGGED = "flagged", _("Flagged")
    EDITED_AFTER_HIDE = "edited", _("Edited after hide")
    PRE_MODERATION = "premod", _("Awaiting approval")
    REPORT = "report", _("Reported concern")
    COPYRIGHT = "copyright", _("Copyright notice")
    PILE_ON = "pile_on", _("Pile-on signal")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Resolution(models.TextChoices):
    DISMISSED = "dismissed", _("Flags dismissed")
    KEPT_HIDDEN = "kept_hidden", _("Kept hidden")
    UNHIDDEN = "unhidden", _("Un-hidden")
    ANONYMISED = "anonymised", _("Edited to anonymise")
    DELETED = "deleted", _("Deleted")
    REMOVED = "removed", _("Removed completely")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    ACTIONED = "actioned", _("Actioned")
    NO_ACTION = "no_action", _("No action needed")


class ActionKind(models.TextChoices):
    FLAG = "flag", _("Flagged")
    AUTO_HIDE = "auto_hide", _("Hidden automatically")
    DISMISS = "dismiss", _("Dismissed flags")
    KEEP_HIDDEN = "keep_hidden", _("Kept hidden")
    HIDE = "hide", _("Hidden")
    UNHIDE = "unhide", _("Un-hidden")
    EDIT = "edit", _("Edited to anonymise")
    DELETE = "delete", _("Deleted")
    REMOVE = "remove", _("Removed completely")
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    WARN = "warn", _("Warned")
    SILENCE = "silence", _("Silenced")
    SUSPEND = "suspend", _("Suspended")
    REFER = "refer", _("Referred to the conduct process")
    CLAIM = "claim", _("Claimed")
    SLOW_MODE = "slow_mode", _("Slow mode")
    COPYRIGHT_UPHELD = "copyright_upheld", _("Copyright notice upheld")
    COPYRIGHT_REJECTED = "copyright_rejected", _("Copyright notice rejected")
    CASE_STATUS = "case_status", _("Case status changed")
    NOTE = "note", _("Note")


class Duration(models.TextChoices):
    ONE_DAY = "1d", _("1 day")
    THREE_DAYS = "3d", _("3 days")
    ONE_WEEK = "1w", _("1 week")
    ONE_MONTH = "1m", _("1 month")
    INDEFINITELY = "forever", _("Indefinitely")


class CaseStatus(models.TextChoices):
    INFORMAL = "informal", _("Informal conversation")
    WARNING = "warning", _("Warning")
    SUSPENSION = "suspension", _("Suspension")
    REFERRED = "referred", _("Referred to the conduct process")
    CLOSED = "closed", _("Closed")


class ReportCategory(models.TextChoices):
    BULLYING = "bullying", _("Bullying")
    DISCRIMINATION = "discrimination", _("Discrimination")
    TROLLING = "trolling", _("Trolling")
    PILE_ON = "pile_on", _("Pile-on")
    STALKING = "stalking", _("Stalking")
    FALSE_PROFILE = "false_profile", _("False profile")
    SAFEGUARDING = "safeguarding", _("Safeguarding")
    OTHER = "other", _("Other")


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("Being looked at")
    ACTIONED = "actioned", _("Action taken")
    CLOSED = "closed", _("Closed, no action needed")


class CopyrightStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UPHELD = "upheld", _("Upheld: material removed")
    REJECTED = "rejected", _("Not upheld")
