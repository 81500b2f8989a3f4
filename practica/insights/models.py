"""Insights keeps aggregates only: page views and engagement figures per day, per community, and staff's
targets. The one exception is the short-lived set of salted visitor hashes for the current day
(`DailyVisitor`), which the roll-up turns into counts and then deletes with the day's salt."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Aggregates use community_id 0 for "the whole site" (metrics) or "pages outside any community" (page views),
# so that one unique constraint covers every scope (NULLs would never conflict).
SITE = 0


class DailyPageViews(models.Model):
    """How many times pages of one kind were viewed on one day, in one community (0: outside communities),
    and by how many different members (filled in when the day is closed)."""

    day = models.DateField()
    community_id = models.PositiveBigIntegerField(default=SITE)
    page_kind = models.CharField(max_length=100)
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "community_id", "page_kind"], name="page_views_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.page_kind} in {self.community_id} on {self.day}: {self.views}"


class DailySalt(models.Model):
    """The random key that turns member ids into visitor hashes for one day; deleted when the day is closed,
    after which the day's hashes could not be linked to anyone even if a copy survived somewhere."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"Salt for {self.day}"


class DailyVisitor(models.Model):
    """That some member (a salted hash, never an id) visited pages of a kind in a community on a day.
    Kept only until the day's roll-up has counted unique visitors; never read by any page."""

    day = models.DateField()
    visitor = models.CharField(max_length=64)
    community_id = models.PositiveBigIntegerField(default=SITE)
    page_kind = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "visitor", "community_id", "page_kind"], name="visitor_once_per_kind_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"A visitor on {self.day}"


class MetricValue(models.Model):
    """One engagement figure for one day, site-wide (community_id 0) or for one community. Written only by
    the roll-up (services/rollup.py), which replaces a day's values as a whole. `samples` holds the raw
    durations behind a median (minutes, no people), so medians over weeks and months are exact."""

    metric = models.CharField(max_length=40)
    community_id = models.PositiveBigIntegerField(default=SITE)
    day = models.DateField()
    value = models.FloatField(default=0)
    samples = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["metric", "community_id", "day"], name="metric_value_once_per_day")
        ]
        indexes = [models.Index(fields=["community_id", "day"]), models.Index(fields=["day", "metric"])]

    def __str__(self) -> str:
        return f"{self.metric} in {self.community_id} on {self.day}: {self.value}"


class RollupState(models.Model):
    """The last day the roll-up closed, so the periodic job knows what is still to do (one row)."""

    last_closed_day = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Rolled up to {self.last_closed_day}"


class Target(models.Model):
    """A goal staff set for the board, such as "communities: 15 by 31 December" or "new topics: 30 in the
    year": a metric, a period and the value to reach by its end (site-wide)."""

    metric = models.CharField(_("what is measured"), max_length=40)
    value = models.PositiveIntegerField(_("target"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("by"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ends_on", "metric", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="target_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.value} by {self.ends_on}"
