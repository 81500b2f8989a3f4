"""A member's private record of professional development: the CPD log and the personal development plan.

Both belong to one member and are shown to nobody else — not staff, not admins (permissions.py)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from practica.development.choices import CpdCategory, CpdSource, GoalStatus

MAX_HOURS = Decimal("24")


class CpdEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.development.permissions import visible_cpd_entries

        return visible_cpd_entries(user, self)


class CpdEntry(models.Model):
    """One piece of continuing professional development: added by hand, or made from a meeting attended."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_entries")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    category = models.CharField(_("category"), max_length=24, choices=CpdCategory, default=CpdCategory.READING)
    learned = models.TextField(_("What did I learn?"), blank=True, max_length=4000)
    practice_change = models.TextField(_("How will it change my practice?"), blank=True, max_length=4000)
    source = models.CharField(max_length=10, choices=CpdSource, default=CpdSource.MANUAL, editable=False)
    # The meeting occurrence an automatic entry came from: one entry per member and occurrence.
    occurrence_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    community_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    # Set when the member changes an automatic entry: re-recorded attendance then leaves it as they made it.
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CpdEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("CPD entry")
        verbose_name_plural = _("CPD entries")
        indexes = [models.Index(fields=["member", "-date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=MAX_HOURS), name="cpd_entry_hours_between_0_and_24"
            ),
            models.UniqueConstraint(
                fields=["member", "occurrence_id"],
                condition=Q(occurrence_id__isnull=False),
                name="cpd_entry_one_per_member_and_occurrence",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_automatic(self) -> bool:
        return self.source == CpdSource.MEETING

    @property
    def has_reflection(self) -> bool:
        return bool(self.learned.strip() or self.practice_change.strip())


class GoalQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.development.permissions import visible_goals

        return visible_goals(user, self)


class DevelopmentGoal(models.Model):
    """A goal in the member's personal development plan, with a target date and progress."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="development_goals")
    title = models.CharField(_("goal"), max_length=200)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=GoalStatus, default=GoalStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["target_date", "pk"]
        indexes = [models.Index(fields=["member", "status"])]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="goal_progress_at_most_100")]

    def __str__(self) -> str:
        return self.title
