from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    FACE_TO_FACE = "face_to_face", _("Face to face")
    HYBRID = "hybrid", _("Hybrid (face to face and online)")


class OccurrenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class RsvpResponse(models.TextChoices):
    GOING = "going", _("Going")
    MAYBE = "maybe", _("Maybe")
    NOT_GOING = "not_going", _("Not going")
    WAITING = "waiting", _("On the waiting list")


class Repeat(models.TextChoices):
    """How a new meeting repeats; the form turns each into an RRULE."""

    NEVER = "never", _("Does not repeat")
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month, on the same weekday (such as the second Tuesday)")
    CUSTOM = "custom", _("Custom rule (RRULE)")


class ReminderLead(models.TextChoices):
    DAY = "day", _("A day before")
    HOUR = "hour", _("An hour before")


class SuggestionStatus(models.TextChoices):
    NEW = "new", _("New")
    PLANNED = "planned", _("Planned")
    DECLINED = "declined", _("Declined")
