"""Creating meetings and series, extending series over time, editing and cancelling occurrences, and
recording attendance. Every function checks permission first and runs in one transaction; notifications
and the attendance event are published inside it, so they are never lost."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.core import events
from practica.core.audit import record
from practica.meetings.choices import MeetingFormat, OccurrenceStatus, RsvpResponse
from practica.meetings.models import Attendance, Meeting, Occurrence, OccurrenceResource
from practica.meetings.permissions import (
    can_create_meeting_in,
    can_edit_occurrence,
    can_manage_meeting,
    can_record_attendance,
    check,
    users_who_can_see,
)
from practica.meetings.recurrence import RecurrenceError, expand, validate, zone
from practica.meetings.services import notices
from practica.meetings.services.errors import MeetingError

# Occurrences of a series exist this far ahead; a daily task extends them (see tasks.py).
HORIZON = timedelta(days=365)
TITLE_MAX = 200
OCCURRENCE_FIELDS = (
    "title",
    "agenda",
    "duration_minutes",
    "time_zone",
    "chair",
    "format",
    "venue",
    "joining_link",
    "capacity",
)


def _clean(*, title: str, duration_minutes: int, time_zone: str, format: str, venue: str, joining_link: str) -> str:
    title = (title or "").strip()
    if not title:
        raise MeetingError(_("Give the meeting a title."), "title")
    if len(title) > TITLE_MAX:
        raise MeetingError(_("Keep the title under %(limit)s characters.") % {"limit": TITLE_MAX}, "title")
    if not 5 <= int(duration_minutes) <= 24 * 60:
        raise MeetingError(_("A meeting lasts between 5 minutes and a day."), "duration_minutes")
    try:
        zone(time_zone)
    except RecurrenceError as error:
        raise MeetingError(str(error), "time_zone") from error
    if format not in MeetingFormat.values:
        raise MeetingError(_("Choose online, face to face or hybrid."), "format")
    if format in {MeetingFormat.FACE_TO_FACE, MeetingFormat.HYBRID} and not venue.strip():
        raise MeetingError(_("Say where people meet face to face."), "venue")
    if joining_link and not joining_link.startswith("https://"):
        raise MeetingError(_("Joining links start with https://."), "joining_link")
    return title


@transaction.atomic
def create_meeting(
    *,
    community,
    title: str,
    agenda: str = "",
    starts_at: datetime,
    duration_minutes: int = 60,
    time_zone: str = "Europe/London",
    format: str = MeetingFormat.ONLINE,
    chair=None,
    created_by,
    venue: str = "",
    joining_link: str = "",
    capacity: int | None = None,
    recurrence: str | None = None,
    speaker=None,
    speaker_name: str = "",
) -> Meeting:
    """A one-off meeting or a series in a community (or, for staff, a site-wide event with community None),
    with its occurrences for the next twelve months."""
    if community is None:
        check(can_create_meeting_in(created_by, None), _("Only staff can create site-wide events."))
    else:
        check(
            can_create_meeting_in(created_by, community),
            _("Only the community's champions and staff can arrange its meetings."),
        )
    if timezone.is_naive(starts_at):
        raise MeetingError(_("Give the start with its time zone."), "starts_at")
    title = _clean(
        title=title,
        duration_minutes=duration_minutes,
        time_zone=time_zone,
        format=format,
        venue=venue,
        joining_link=joining_link,
    )
    rule = ""
    if recurrence:
        try:
            rule = validate(recurrence, starts_at.astimezone(zone(time_zone)))
        except RecurrenceError as error:
            raise MeetingError(str(error), "recurrence") from error
    if capacity is not None and capacity < 1:
        raise MeetingError(_("A meeting has at least one place, or leave places empty for no limit."), "capacity")
    meeting = Meeting.objects.create(
        community=community,
        title=title,
        agenda=agenda.strip(),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        time_zone=time_zone,
        format=format,
        chair=chair,
        venue=venue.strip(),
        joining_link=joining_link.strip(),
        capacity=capacity,
        recurrence=rule,
        created_by=created_by,
        speaker=speaker,
        speaker_name=" ".join(speaker_name.split())[:200],
    )
    materialise(meeting, until=max(timezone.now(), starts_at) + HORIZON)
    record(
        actor=created_by,
        action="meeting.created",
        target=meeting,
        summary=title,
        data={"community_id": getattr(community, "pk", None), "recurrence": rule},
    )
    return meeting


def materialise(meeting: Meeting, *, until: datetime) -> int:
    """Create the series' occurrences up to `until` that do not exist yet; safe to run again (returns how many)."""
    if meeting.cancelled_at is not None:
        return 0
    starts = expand(meeting.recurrence, starts_at=meeting.starts_at, time_zone=meeting.time_zone, until=until)
    existing = set(Occurrence.objects.filter(meeting=meeting).values_list("original_start", flat=True))
    new = [
        Occurrence(
            meeting=meeting,
            community_id=meeting.community_id,
            original_start=start,
            starts_at=start,
            **{field: getattr(meeting, field) for field in OCCURRENCE_FIELDS},
        )
        for start in starts
        if start not in existing
    ]
    Occurrence.objects.bulk_create(new, ignore_conflicts=True)
    meeting.materialised_until = until
    meeting.save(update_fields=["materialised_until"])
    return len(new)


def extend_series(now: datetime | None = None) -> int:
    """Keep every live series materialised a full horizon ahead (the periodic task)."""
    now = now or timezone.now()
    horizon = now + HORIZON
    created = 0
    series = Meeting.objects.filter(cancelled_at__isnull=True).exclude(recurrence="")
    for meeting in series.filter(materialised_until__lt=horizon - timedelta(days=1)).iterator():
        with transaction.atomic():
            created += materialise(meeting, until=horizon)
    return created


def _locked(occurrence: Occurrence) -> Occurrence:
    return (
        Occurrence.objects.select_for_update(of=("self",)).select_related("meeting", "community").get(pk=occurrence.pk)
    )


@transaction.atomic
def update_occurrence(*, actor, occurrence: Occurrence, following: bool = False, **changes) -> Occurrence:
    """Change one occurrence (its time, title, agenda, chair, format, venue, link, places); tell those who
    RSVP'd what changed. More places move people up from the waiting list.

    With `following`, the details (not the date and time) also apply to every later date of the series still
    scheduled, and to the dates the series has yet to create.
    """
    occurrence = _locked(occurrence)
    check(can_edit_occurrence(actor, occurrence), _("Only the community's champions and staff can change meetings."))
    if occurrence.is_cancelled:
        raise MeetingError(_("This meeting is cancelled; it cannot be changed."))
    allowed = {*OCCURRENCE_FIELDS, "starts_at"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    summary = _apply_changes(actor, occurrence, changes, customised=True)
    if following and occurrence.meeting.is_series:
        details = {field: value for field, value in changes.items() if field not in {"starts_at", "time_zone"}}
        meeting = occurrence.meeting
        for field, value in details.items():
            setattr(meeting, field, value)
        meeting.save(update_fields=list(details) or None)
        later = (
            Occurrence.objects.select_for_update(of=("self",))
            .filter(meeting=meeting, starts_at__gt=occurrence.starts_at, status=OccurrenceStatus.SCHEDULED)
            .select_related("community", "meeting")
        )
        for each in later:
            _apply_changes(actor, each, details, customised=False)
    record(
        actor=actor,
        action="meeting.occurrence_changed",
        target=occurrence,
        summary=summary,
        data={"following": following},
    )
    return occurrence


def _apply_changes(actor, occurrence: Occurrence, changes: dict, *, customised: bool) -> str:
    """Set, check and save the changes on a locked occurrence; tell those who answered. Returns what changed."""
    before = {
        "starts_at": occurrence.starts_at,
        "duration_minutes": occurrence.duration_minutes,
        "format": occurrence.format,
        "venue": occurrence.venue,
        "joining_link": occurrence.joining_link,
        "title": occurrence.title,
        "agenda": occurrence.agenda,
        "chair_id": occurrence.chair_id,
        "capacity": occurrence.capacity,
    }
    for field, value in changes.items():
        setattr(occurrence, field, value)
    occurrence.title = _clean(
        title=occurrence.title,
        duration_minutes=occurrence.duration_minutes,
        time_zone=occurrence.time_zone,
        format=occurrence.format,
        venue=occurrence.venue,
        joining_link=occurrence.joining_link,
    )
    if timezone.is_naive(occurrence.starts_at):
        raise MeetingError(_("Give the start with its time zone."), "starts_at")
    if occurrence.capacity is not None and occurrence.capacity < 1:
        raise MeetingError(_("A meeting has at least one place, or leave places empty for no limit."), "capacity")
    occurrence.customised = occurrence.customised or customised
    summary = notices.describe_changes(before, occurrence)
    if summary:
        occurrence.sequence += 1
    occurrence.save()
    if summary:
        notices.notify_rsvpd(occurrence=occurrence, excerpt=summary, actor=actor)
    if occurrence.capacity != before["capacity"]:
        from practica.meetings.services.rsvps import promote_from_waiting_list

        promote_from_waiting_list(occurrence)
    return summary


@transaction.atomic
def cancel_occurrence(*, actor, occurrence: Occurrence, reason: str = "", following: bool = False) -> int:
    """Cancel one occurrence (or, with `following`, it and every later one of the series); tell those who
    RSVP'd. Returns how many were cancelled."""
    occurrence = _locked(occurrence)
    check(can_edit_occurrence(actor, occurrence), _("Only the community's champions and staff can cancel meetings."))
    targets = [occurrence]
    if following:
        targets = list(
            Occurrence.objects.select_for_update(of=("self",))
            .filter(meeting=occurrence.meeting, starts_at__gte=occurrence.starts_at)
            .select_related("community", "meeting")
        )
        # No new dates appear after the cancelled part of the series.
        meeting = occurrence.meeting
        if occurrence.original_start <= meeting.starts_at:
            meeting.cancelled_at = timezone.now()
            meeting.save(update_fields=["cancelled_at"])
        else:
            meeting.recurrence = _ending_before(meeting.recurrence, occurrence.original_start, meeting.time_zone)
            meeting.save(update_fields=["recurrence"])
    cancelled = 0
    for target in targets:
        if target.is_cancelled:
            continue
        target.status = OccurrenceStatus.CANCELLED
        target.sequence += 1
        target.save(update_fields=["status", "sequence", "updated_at"])
        excerpt = _("Cancelled: %(when)s.") % {"when": notices.when(target)}
        if reason.strip():
            excerpt += " " + reason.strip()
        notices.notify_rsvpd(occurrence=target, excerpt=excerpt, actor=actor)
        cancelled += 1
    record(
        actor=actor,
        action="meeting.cancelled",
        target=occurrence,
        summary=reason.strip(),
        data={"following": following, "count": cancelled},
    )
    return cancelled


def _ending_before(rule: str, original_start: datetime, time_zone: str) -> str:
    """The rule with an UNTIL just before this date (and no COUNT), so the series stops there. Series expand
    in local wall-clock time, so UNTIL is local too."""
    parts = [part for part in rule.split(";") if not part.startswith(("UNTIL=", "COUNT="))]
    until = (original_start - timedelta(seconds=1)).astimezone(zone(time_zone))
    parts.append(f"UNTIL={until:%Y%m%dT%H%M%S}")
    return ";".join(parts)


@transaction.atomic
def record_attendance(
    *,
    actor,
    occurrence: Occurrence,
    attendee_ids,
    notes: str = "",
    resource_links: str = "",
    library_item_ids=None,
) -> list[int]:
    """Record who attended (replacing an earlier record), with the chair's notes, links to resources and items
    of the community's library (`library_item_ids`; None leaves them as they were), and publish
    meeting.attendance_recorded with the full list (the CPD log upserts from it)."""
    occurrence = _locked(occurrence)
    check(
        can_record_attendance(actor, occurrence),
        _("The chair, the community's champions and staff record attendance, once the meeting has started."),
    )
    from practica.accounts.models import User

    links = [line.strip() for line in resource_links.splitlines() if line.strip()]
    for link in links:
        if not link.startswith(("https://", "http://")):
            raise MeetingError(_("Put one web address per line, starting with https://."), "resource_links")
    wanted = {int(pk) for pk in attendee_ids}
    # Only people who may see the meeting can have attended it.
    attendees = set(users_who_can_see(occurrence, User.objects.filter(pk__in=wanted)).values_list("pk", flat=True))
    Attendance.objects.filter(occurrence=occurrence).exclude(user_id__in=attendees).delete()
    already = set(Attendance.objects.filter(occurrence=occurrence).values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(occurrence=occurrence, user_id=pk, recorded_by=actor) for pk in sorted(attendees - already)]
    )
    if library_item_ids is not None:
        _set_library_resources(actor=actor, occurrence=occurrence, item_ids=library_item_ids)
    occurrence.notes = notes.strip()
    occurrence.resource_links = "\n".join(links)
    occurrence.attendance_recorded_at = timezone.now()
    occurrence.save(update_fields=["notes", "resource_links", "attendance_recorded_at", "updated_at"])
    ids = sorted(attendees)
    events.publish(
        "meeting.attendance_recorded",
        occurrence_id=occurrence.pk,
        attendee_ids=ids,
        title=occurrence.title,
        starts_at=occurrence.starts_at.isoformat(),
        duration_minutes=occurrence.duration_minutes,
        community_id=occurrence.community_id,
    )
    record(actor=actor, action="meeting.attendance_recorded", target=occurrence, data={"count": len(ids)})
    return ids


def _set_library_resources(*, actor, occurrence: Occurrence, item_ids) -> None:
    """Attach exactly these items; each must be one the actor could choose from the occurrence's own library."""
    from practica.meetings.queries import attachable_library_items

    wanted = {int(pk) for pk in item_ids}
    allowed = set(attachable_library_items(actor, occurrence).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - allowed:
        if occurrence.community_id is None:
            message = _("Choose items from the site library.")
        else:
            message = _("Choose items from this community's library.")
        raise MeetingError(message, "library_items")
    OccurrenceResource.objects.filter(occurrence=occurrence).exclude(item_id__in=wanted).delete()
    already = set(OccurrenceResource.objects.filter(occurrence=occurrence).values_list("item_id", flat=True))
    OccurrenceResource.objects.bulk_create(
        [OccurrenceResource(occurrence=occurrence, item_id=pk, added_by=actor) for pk in sorted(wanted - already)]
    )


def attendance_candidates(occurrence: Occurrence):
    """Who the attendance form lists: everyone who RSVP'd, then the community's members (bounded)."""
    from practica.accounts.models import User

    rsvpd = User.objects.filter(
        meeting_rsvps__occurrence=occurrence,
        meeting_rsvps__response__in=[RsvpResponse.GOING, RsvpResponse.MAYBE, RsvpResponse.WAITING],
    )
    people = list(rsvpd.order_by("display_name")[:300])
    if occurrence.community_id:
        seen = {person.pk for person in people}
        members = User.objects.filter(community_memberships__community_id=occurrence.community_id, is_active=True)
        people += [person for person in members.order_by("display_name")[:300] if person.pk not in seen]
    attended = set(Attendance.objects.filter(occurrence=occurrence).values_list("user_id", flat=True))
    return people, attended


def can_manage(user, meeting) -> bool:
    return can_manage_meeting(user, meeting)
