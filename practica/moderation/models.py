"""Flags, the review queue, moderation actions, cases, reports and copyright notices.

Moderated things (posts, topics, private messages, library items, profiles) live in other apps; moderation
points at them with a content type and an id, and learns how to show, hide and purge each through the
adapters in practica.moderation.targets. Every action is written once to ModerationAction (append-only) and
to the site's audit log.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from practica.moderation.choices import (
    ActionKind,
    CaseStatus,
    CopyrightStatus,
    FlagReason,
    FlagStatus,
    ItemKind,
    ItemStatus,
    ReportCategory,
    ReportStatus,
    Resolution,
)


class ModerationSettings(models.Model):
    """The site's moderation knobs, edited by staff on a settings page; one row (pk=1), read via `current()`."""

    hide_threshold = models.PositiveSmallIntegerField(
        _("hide threshold"), default=2, help_text=_("A post is hidden when the weights of its open flags reach this.")
    )
    member_flag_weight = models.PositiveSmallIntegerField(_("weight of a member's flag"), default=1)
    trusted_flag_weight = models.PositiveSmallIntegerField(
        _("weight of a champion's, moderator's or staff member's flag"), default=2
    )
    client_flag_hides_at_once = models.BooleanField(
        _("a 'may identify a client' flag from a champion or staff hides at once"), default=True
    )
    hidden_removal_days = models.PositiveSmallIntegerField(
        _("remove posts still hidden after this many days"), default=30
    )
    sealed_copy_retention_days = models.PositiveIntegerField(
        _("keep sealed copies of removed content for this many days"), default=730
    )
    repeat_infringer_count = models.PositiveSmallIntegerField(
        _("upheld copyright notices before staff are prompted to suspend"), default=3
    )
    advertising_words = models.TextField(
        _("words that hold a post for review"), blank=True, help_text=_("One word or phrase per line.")
    )
    advertising_domains = models.TextField(
        _("link domains that hold a post for review"), blank=True, help_text=_("One domain per line, e.g. example.com.")
    )
    pile_on_members = models.PositiveSmallIntegerField(_("pile-on: distinct members"), default=4)
    pile_on_minutes = models.PositiveSmallIntegerField(_("pile-on: within minutes"), default=60)
    slow_mode_minutes = models.PositiveSmallIntegerField(_("slow mode: minutes between a member's posts"), default=15)
    slow_mode_hours = models.PositiveSmallIntegerField(_("slow mode lasts hours"), default=24)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self) -> str:
        return "Moderation settings"

    @classmethod
    def current(cls) -> "ModerationSettings":
        found, _created = cls.objects.get_or_create(pk=1)
        return found


class ReviewItem(models.Model):
    """One entry in the review queue: a flagged, held, reported or noticed thing, until someone resolves it.

    At most one open item per target; new flags, an edit after a hide or a new report join the open item.
    """

    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=12, choices=ItemKind, default=ItemKind.FLAGGED)
    status = models.CharField(max_length=10, choices=ItemStatus, default=ItemStatus.OPEN, db_index=True)
    # Champions see the open items of the communities they lead; None for site-wide things (profiles, reports).
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the item looked like when it entered the queue: {"title", "text", "url", "author_name"}.
    snapshot = models.JSONField(default=dict, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=12, choices=Resolution, blank=True)
    resolution_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status="open", object_id__isnull=False),
                name="one_open_review_item_per_target",
            )
        ]
        indexes = [models.Index(fields=["status", "community", "-opened_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == ItemStatus.OPEN


class Flag(models.Model):
    """A member's flag on a post, topic, message, library item or profile. One open flag per member per item."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    review_item = models.ForeignKey(ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="flags")
    flagger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_raised")
    reason = models.CharField(_("reason"), max_length=16, choices=FlagReason)
    details = models.TextField(_("tell us more"), blank=True, max_length=2000)
    # The weight this flag counted for when raised (member or trusted role), kept for the record.
    weight = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=FlagStatus, default=FlagStatus.OPEN, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "flagger"],
                condition=models.Q(status="open"),
                name="one_open_flag_per_member_per_item",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} by {self.flagger_id}"


class Case(models.Model):
    """Staff's file on one member: flags, reports, warnings, actions and notes, for the conduct process."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="moderation_cases")
    title = models.CharField(_("summary"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus, default=CaseStatus.INFORMAL)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The form's one-time key: a double submit or a retried request stores one row, not two.
    idempotency_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opened_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="case_idempotency_key_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ModerationAction(models.Model):
    """One append-only line of the moderation record: who did what, when, why, with before and after."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=ActionKind)
    review_item = models.ForeignKey(ReviewItem, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    # The member the action concerns (the author of the content, or the member warned, silenced, suspended).
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_record"
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor_id}"


class CaseNote(models.Model):
    """A note on a case (a conversation held, a call arranged). Append-only like the rest of the record."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)
    # The form's one-time key: a double submit or a retried request stores one row, not two.
    idempotency_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="case_note_idempotency_key_once",
            )
        ]

    def __str__(self) -> str:
        return f"Note on case {self.case_id}"


class SealedCopy(models.Model):
    """The text of completely removed content (with its revisions), kept for staff only until `purge_after`."""

    review_item = models.ForeignKey(ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="sealed_copies")
    # The author of the removed content: their case record gathers it, whether the case was open at removal
    # or is opened later.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    # Always {"texts": what the content app purged ({"body", "revisions", ...} for a post; {"title",
    # "description", "url"} for a library item), "snapshot": the queue item's snapshot, "flag_details": [...]}.
    content = models.JSONField(default=dict)
    sealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    purge_after = models.DateField(db_index=True)

    class Meta:
        verbose_name_plural = _("sealed copies")

    def __str__(self) -> str:
        return f"Sealed copy of {self.content_type_id}:{self.object_id}"


class Report(models.Model):
    """A concern sent to the Lead from the report form, with snapshots of the pages it points at."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    category = models.CharField(_("what is it about?"), max_length=16, choices=ReportCategory)
    details = models.TextField(_("what happened?"), max_length=5000)
    status = models.CharField(max_length=10, choices=ReportStatus, default=ReportStatus.RECEIVED, db_index=True)
    # What the reporter is told about the outcome (never the penalty given to another member).
    status_note = models.TextField(blank=True)
    review_item = models.ForeignKey(
        ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The form's one-time key: a double submit or a retried request stores one row, not two.
    idempotency_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="report_idempotency_key_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} report {self.pk}"


class ReportLink(models.Model):
    """A link in a report and what was behind it when reported, so the reporter needs no screenshots."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="links")
    url = models.CharField(max_length=500)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    # {"title", "text", "author_name", "captured_at"}; {"unavailable": true} when the reporter could not see it.
    snapshot = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.url


class CopyrightNotice(models.Model):
    """A claim that material on the site infringes copyright; upheld notices count against the uploader."""

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    work = models.TextField(_("the work you believe is infringed"))
    location = models.CharField(_("where it appears (a link on this site)"), max_length=500)
    claimant_name = models.CharField(_("claimant's name"), max_length=200)
    claimant_email = models.EmailField(_("claimant's e-mail address"))
    statement = models.TextField(
        _("statement"),
        help_text=_("That you believe in good faith the use is not authorised, and that the notice is accurate."),
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="copyright_notices"
    )
    review_item = models.ForeignKey(ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=CopyrightStatus, default=CopyrightStatus.RECEIVED, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The form's one-time key: a double submit or a retried request stores one row, not two.
    idempotency_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="copyright_notice_idempotency_key_once",
            )
        ]

    def __str__(self) -> str:
        return f"Copyright notice {self.pk}"
