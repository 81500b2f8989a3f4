from django.db import models
from django.utils.translation import gettext_lazy as _


class Membership(models.TextChoices):
    OPEN = "open", _("Open: any member can join")
    CLOSED = "closed", _("Closed: members ask to join and champions admit them")


class CommunityStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class CommunityRole(models.TextChoices):
    MEMBER = "member", _("Member")
    CHAMPION = "champion", _("Champion")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a champion")
    WAITLISTED = "waitlisted", _("On the waiting list")
    ADMITTED = "admitted", _("Admitted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MeetingMode(models.TextChoices):
    ONLINE = "online", _("Online")
    FACE_TO_FACE = "face_to_face", _("Face to face")
    HYBRID = "hybrid", _("Hybrid")
    NONE = "none", _("We do not meet; we talk here")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    NEEDS_CHANGES = "needs_changes", _("Needs changes")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class CoSignerStatus(models.TextChoices):
    ASKED = "asked", _("Asked")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class ChampionChangeKind(models.TextChoices):
    APPOINTED = "appointed", _("Appointed")
    REMOVED = "removed", _("Removed by staff")
    STEPPED_DOWN = "stepped_down", _("Stepped down")
