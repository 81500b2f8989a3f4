from django.db import models
from django.utils.translation import gettext_lazy as _


class TopicKind(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    QUESTION = "question", _("Question")
    RESEARCH = "research", _("Research call")


class PollResults(models.TextChoices):
    AFTER_VOTE = "after_vote", _("After voting")
    AFTER_CLOSE = "after_close", _("Only after the poll closes")


class TopicAction(models.TextChoices):
    PINNED = "pinned", _("Pinned")
    PINNED_SITE = "pinned_site", _("Pinned site-wide")
    UNPINNED = "unpinned", _("Unpinned")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    ARCHIVED = "archived", _("Archived")
    UNARCHIVED = "unarchived", _("Unarchived")
    MOVED = "moved", _("Moved")
    SPLIT = "split", _("Split")
    MERGED = "merged", _("Merged")
