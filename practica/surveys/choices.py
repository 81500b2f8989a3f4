from django.db import models
from django.utils.translation import gettext_lazy as _


class AudienceKind(models.TextChoices):
    ALL = "all", _("All members")
    DIVISION = "division", _("A division")
    COMMUNITY = "community", _("A community")


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Agreement, 1 to 5")
    NPS = "nps", _("How likely to recommend, 0 to 10")
    SINGLE = "single", _("Multiple choice: one answer")
    MULTIPLE = "multiple", _("Multiple choice: several answers")
    TEXT = "text", _("Free text")


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


LIKERT_LABELS = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neither agree nor disagree"),
    4: _("Agree"),
    5: _("Strongly agree"),
}


class EvidenceKind(models.TextChoices):
    NONE = "", _("No link")
    TOPIC = "topic", _("Discussion topic")
    POST = "post", _("Post")
    MEETING = "meeting", _("Meeting")
    RESOURCE = "resource", _("Library resource")
    EXTERNAL = "external", _("External link")
