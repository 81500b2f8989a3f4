"""Writing the CPD log: entries added by hand, and entries made from meetings the member attended."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from practica.development.choices import CpdCategory, CpdSource
from practica.development.models import MAX_HOURS, CpdEntry

ENTRY_FIELDS = ("date", "title", "hours", "category", "learned", "practice_change")


def _check_owner(member, entry: CpdEntry) -> None:
    # Views reach entries only through CpdEntry.objects.visible_to(member); this guards every other caller.
    if entry.member_id != member.pk:
        raise CpdEntry.DoesNotExist


@transaction.atomic
def add_cpd_entry(
    *, member, date, title: str, hours: Decimal, category: str, learned: str = "", practice_change: str = ""
) -> CpdEntry:
    """The member records something they learned from: reading, a course, supervision-adjacent learning."""
    return CpdEntry.objects.create(
        member=member,
        date=date,
        title=title.strip(),
        hours=hours,
        category=category,
        learned=learned.strip(),
        practice_change=practice_change.strip(),
        source=CpdSource.MANUAL,
    )


@transaction.atomic
def update_cpd_entry(*, member, entry: CpdEntry, **fields) -> CpdEntry:
    """The member changes an entry; an automatic one is then theirs, and re-recorded attendance leaves it be."""
    _check_owner(member, entry)
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise ValueError(f"unknown CPD entry fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(entry, name, value.strip() if isinstance(value, str) else value)
    entry.edited_at = timezone.now()
    entry.save(update_fields=[*fields, "edited_at", "updated_at"])
    return entry


@transaction.atomic
def delete_cpd_entry(*, member, entry: CpdEntry) -> None:
    _check_owner(member, entry)
    entry.delete()


def hours_for_minutes(minutes: int) -> Decimal:
    """A meeting's length in hours, to the hundredth, never more than a day."""
    hours = (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(hours, MAX_HOURS)


def _meeting_moment(starts_at: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(starts_at)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


def _attendee_dates(moment: datetime.datetime, member_ids) -> dict[int, datetime.date]:
    """The meeting's date as each attendee lives it: in their own time zone, the site's when they chose none.

    A meeting at 23:30 in London on 31 December is on 1 January for a member in Berlin; their professional
    body counts it in the year they attended it, so the entry carries their date, not the site's.
    """
    from practica.meetings.models import DEFAULT_TIME_ZONE, MemberTimeZone
    from practica.meetings.recurrence import zone

    chosen = dict(MemberTimeZone.objects.filter(user_id__in=member_ids).values_list("user_id", "time_zone"))
    dates = {}
    for member_id in member_ids:
        try:
            local = zone(chosen.get(member_id) or DEFAULT_TIME_ZONE)
        except ValueError:
            local = zone(DEFAULT_TIME_ZONE)
        dates[member_id] = timezone.localtime(moment, local).date()
    return dates


@transaction.atomic
def record_meeting_attendance(
    *, occurrence_id: int, attendee_ids, title: str, starts_at: str, duration_minutes: int, community_id=None
) -> dict[str, int]:
    """One automatic entry per attendee of a meeting occurrence; safe to run again for the same occurrence.

    Attendance can be recorded more than once (the chair corrects it). Attendees keep one entry each, updated
    unless they changed it themselves; people no longer listed lose the automatic entry, unless they wrote a
    reflection in it (their words are never thrown away).
    """
    from practica.accounts.models import User

    attendee_ids = {int(pk) for pk in attendee_ids}
    attendees = set(User.objects.filter(pk__in=attendee_ids, erased_at__isnull=True).values_list("pk", flat=True))
    hours = hours_for_minutes(int(duration_minutes))
    dates = _attendee_dates(_meeting_moment(starts_at), attendees)
    title = title.strip()[:200]
    existing = {
        entry.member_id: entry for entry in CpdEntry.objects.select_for_update().filter(occurrence_id=occurrence_id)
    }
    created = updated = removed = 0
    for member_id, entry in existing.items():
        if member_id in attendees:
            continue
        if entry.edited_at is None and not entry.has_reflection:
            entry.delete()
            removed += 1
    if hours <= 0:
        return {"created": 0, "updated": 0, "removed": removed}
    for member_id in sorted(attendees):
        entry = existing.get(member_id)
        date = dates[member_id]
        if entry is None:
            CpdEntry.objects.create(
                member_id=member_id,
                date=date,
                title=title,
                hours=hours,
                category=CpdCategory.MEETING,
                source=CpdSource.MEETING,
                occurrence_id=occurrence_id,
                community_id=community_id,
            )
            created += 1
        elif entry.edited_at is None and (entry.date, entry.title, entry.hours) != (date, title, hours):
            entry.date, entry.title, entry.hours = date, title, hours
            entry.save(update_fields=["date", "title", "hours", "updated_at"])
            updated += 1
    return {"created": created, "updated": updated, "removed": removed}
