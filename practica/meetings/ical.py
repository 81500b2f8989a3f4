"""iCalendar (RFC 5545) files: one occurrence's .ics download, and a member's feed. Built per viewer: the
joining link goes in only for people allowed to see it (SECURITY.md, channel 12)."""

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from practica.meetings.models import Occurrence
from practica.meetings.permissions import can_see_joining_link
from practica.meetings.recurrence import zone

PRODUCT_ID = "-//Practica//Meetings//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(occurrence: Occurrence, *, show_link: bool, stamp: datetime) -> Event:
    tz = zone(occurrence.time_zone)
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1]
    event.add("uid", f"occurrence-{occurrence.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", occurrence.starts_at.astimezone(tz))
    event.add("dtend", occurrence.ends_at.astimezone(tz))
    event.add("summary", occurrence.title)
    event.add("sequence", occurrence.sequence)
    event.add("status", "CANCELLED" if occurrence.is_cancelled else "CONFIRMED")
    url = settings.SITE_URL + occurrence.get_absolute_url()
    event.add("url", url)
    lines = []
    if occurrence.community_id:
        lines.append(occurrence.community.name)
    if occurrence.agenda:
        lines.append(occurrence.agenda)
    if show_link and occurrence.joining_link:
        lines.append(f"Join online: {occurrence.joining_link}")
    lines.append(url)
    event.add("description", "\n\n".join(lines))
    location = occurrence.venue if occurrence.is_in_person else ""
    if not location and show_link and occurrence.joining_link:
        location = occurrence.joining_link
    if location:
        event.add("location", location)
    return event


def occurrence_ics(user, occurrence: Occurrence) -> bytes:
    """One occurrence as a calendar file, for a viewer who may see it (the view checked)."""
    calendar = _calendar(occurrence.title)
    show = can_see_joining_link(user, occurrence, rsvp_response=getattr(occurrence, "my_rsvp", None))
    calendar.add_component(_event(occurrence, show_link=show, stamp=timezone.now()))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_ics(user, occurrences: list[Occurrence], *, member_of: set, name: str) -> bytes:
    """A member's feed: every occurrence given, each with a link only if this member may see it."""
    calendar = _calendar(name)
    stamp = timezone.now()
    for occurrence in occurrences:
        show = can_see_joining_link(user, occurrence, rsvp_response=occurrence.my_rsvp, member_of=member_of)
        calendar.add_component(_event(occurrence, show_link=show, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
