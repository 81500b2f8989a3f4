from django.db import models
from django.utils.translation import gettext_lazy as _


class SpeakingFormat(models.TextChoices):
    TALK = "talk", _("Talk")
    QA = "qa", _("Q&A")
    WORKSHOP = "workshop", _("Workshop")


class PreferredFormat(models.TextChoices):
    ANY = "any", _("No preference")
    TALK = "talk", _("Talk")
    QA = "qa", _("Q&A")
    WORKSHOP = "workshop", _("Workshop")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    LOOKING = "looking", _("Looking for a speaker")
    SPEAKER_FOUND = "speaker_found", _("Speaker found")
    SCHEDULED = "scheduled", _("Scheduled")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = frozenset(
    {RequestStatus.SUBMITTED, RequestStatus.IN_REVIEW, RequestStatus.LOOKING, RequestStatus.SPEAKER_FOUND}
)
CLOSED_STATUSES = frozenset({RequestStatus.SCHEDULED, RequestStatus.DECLINED, RequestStatus.WITHDRAWN})
