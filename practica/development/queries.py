"""Reads for the CPD pages. Every one starts from the member's own entries (permissions.visible_*)."""

import datetime
from decimal import Decimal

from django.db.models import Case, F, IntegerField, Sum, Value, When
from django.utils import timezone

from practica.development.choices import CpdCategory, GoalStatus
from practica.development.models import CpdEntry, DevelopmentGoal

ENTRIES_PER_PAGE = 30
GOALS_PER_PAGE = 30


def list_entries(member):
    return CpdEntry.objects.visible_to(member).order_by("-date", "-pk")


def entries_between(member, start: datetime.date, end: datetime.date):
    """The entries dated from `start` to `end`, both included, oldest first (the order of a CPD record)."""
    return CpdEntry.objects.visible_to(member).filter(date__gte=start, date__lte=end).order_by("date", "pk")


def totals_by_category(entries) -> tuple[list[dict], Decimal]:
    """Hours per category (in the categories' own order, empty ones left out) and the grand total, in one query."""
    sums = dict(entries.order_by().values_list("category").annotate(hours=Sum("hours")))
    rows = [
        {"category": category, "label": label, "hours": sums[category]}
        for category, label in CpdCategory.choices
        if sums.get(category)
    ]
    return rows, sum((row["hours"] for row in rows), Decimal("0"))


def hours_in_year(member, year: int | None = None) -> Decimal:
    year = year or timezone.localdate().year
    total = CpdEntry.objects.visible_to(member).filter(date__year=year).aggregate(total=Sum("hours"))["total"]
    return total or Decimal("0")


def list_goals(member):
    """Goals under way first, then those not started, then done; nearest target date first within each."""
    order = Case(
        When(status=GoalStatus.IN_PROGRESS, then=Value(0)),
        When(status=GoalStatus.NOT_STARTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        DevelopmentGoal.objects.visible_to(member)
        .annotate(status_order=order)
        .order_by("status_order", F("target_date").asc(nulls_last=True), "pk")
    )


def export_cpd_log(member) -> list[dict]:
    """The member's CPD log for their own data export (accounts' "Download your data")."""
    return [
        {
            "date": entry.date.isoformat(),
            "title": entry.title,
            "hours": str(entry.hours),
            "category": entry.category,
            "source": entry.source,
            "what_i_learned": entry.learned,
            "how_it_will_change_my_practice": entry.practice_change,
        }
        for entry in CpdEntry.objects.visible_to(member).order_by("date", "pk")
    ]


def export_development_plan(member) -> list[dict]:
    return [
        {
            "goal": goal.title,
            "target_date": goal.target_date.isoformat() if goal.target_date else None,
            "status": goal.status,
            "progress": goal.progress,
            "notes": goal.notes,
        }
        for goal in DevelopmentGoal.objects.visible_to(member).order_by("pk")
    ]
