from django.db import models
from django.utils.translation import gettext_lazy as _


class CpdCategory(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    READING = "reading", _("Reading")
    COURSE = "course", _("Course or workshop")
    SUPERVISION_ADJACENT = "supervision_adjacent", _("Supervision-adjacent learning")
    OTHER = "other", _("Other")


class CpdSource(models.TextChoices):
    MANUAL = "manual", _("Added by me")
    MEETING = "meeting", _("From a meeting I attended")


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("Spreadsheet (CSV)")
    PRINT = "print", _("Print-ready page")
