"""Repeating meetings: building, validating and expanding RRULEs (RFC 5545) with python-dateutil.

Series repeat in the wall-clock time of their own time zone: the rule is expanded on naive local times and
each date is then placed in the zone, so a weekly 18:00 meeting in Europe/London stays at 18:00 local when
the clocks change (its UTC time moves by an hour instead).
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateutil.rrule import rrulestr
from django.utils.translation import gettext as _

from practica.meetings.choices import Repeat

# Rules that repeat more often than daily would flood calendars; nobody meets hourly.
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
# However the rule is written, a series never has more dates than this in one materialisation.
MAX_OCCURRENCES = 400
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class RecurrenceError(ValueError):
    """A rule that cannot be used, with a message for the person who wrote it."""


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise RecurrenceError(_("“%(name)s” is not a time zone we know.") % {"name": name}) from error


def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(name for name in available_timezones() if "/" in name and not name.startswith(("Etc/", "SystemV/")))
    return [(name, name.replace("_", " ")) for name in names]


def nth_weekday(local_start: datetime) -> tuple[int, str]:
    """Which weekday of its month a date is: (2, "TU") for the second Tuesday; (-1, ...) for a fifth one."""
    n = (local_start.day - 1) // 7 + 1
    return (-1 if n == 5 else n), WEEKDAY_CODES[local_start.weekday()]


def build_rule(repeat: str, local_start: datetime, *, custom: str = "", count: int | None = None, until=None) -> str:
    """The RRULE for a choice of the meeting form ("" for a one-off meeting)."""
    if repeat == Repeat.NEVER:
        return ""
    if repeat == Repeat.CUSTOM:
        rule = normalise(custom)
    elif repeat == Repeat.WEEKLY:
        rule = "FREQ=WEEKLY"
    elif repeat == Repeat.FORTNIGHTLY:
        rule = "FREQ=WEEKLY;INTERVAL=2"
    elif repeat == Repeat.MONTHLY:
        n, day = nth_weekday(local_start)
        rule = f"FREQ=MONTHLY;BYDAY={n:+d}{day}"
    else:
        raise RecurrenceError(_("Choose how the meeting repeats."))
    if repeat != Repeat.CUSTOM:
        if count:
            rule += f";COUNT={int(count)}"
        elif until:
            rule += f";UNTIL={until:%Y%m%d}T235959"
    return rule


def normalise(rule: str) -> str:
    """The rule's text without an "RRULE:" prefix, surrounding space or a trailing semicolon, in capitals."""
    rule = (rule or "").strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    return rule.strip().rstrip(";").upper()


def validate(rule: str, local_start: datetime) -> str:
    """Check a rule and return it normalised; raise RecurrenceError explaining what is wrong."""
    rule = normalise(rule)
    if not rule:
        raise RecurrenceError(_("Write a rule, such as FREQ=WEEKLY;BYDAY=TU or FREQ=MONTHLY;BYDAY=+1MO."))
    if "\n" in rule or "DTSTART" in rule or "EXDATE" in rule or "RDATE" in rule:
        raise RecurrenceError(
            _("Write one RRULE only, without DTSTART, EXDATE or RDATE: the start comes from the date above.")
        )
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    if any("=" not in part for part in rule.split(";")):
        raise RecurrenceError(
            _("Each part of the rule is NAME=VALUE, separated by semicolons, such as FREQ=WEEKLY;INTERVAL=2.")
        )
    frequency = parts.get("FREQ")
    if frequency is None:
        raise RecurrenceError(_("The rule needs a FREQ, such as FREQ=WEEKLY."))
    if frequency not in ALLOWED_FREQUENCIES:
        raise RecurrenceError(
            _("Meetings can repeat daily, weekly, monthly or yearly, not %(freq)s.") % {"freq": frequency}
        )
    until = parts.get("UNTIL", "")
    if until.endswith("Z"):
        # Series expand in local wall-clock time, so a UTC end becomes the same instant in local time.
        try:
            instant = datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError as error:
            raise RecurrenceError(_("Write UNTIL as a date, such as UNTIL=20261231.")) from error
        local_until = instant.astimezone(local_start.tzinfo).replace(tzinfo=None)
        rule = rule.replace(f"UNTIL={until}", f"UNTIL={local_until:%Y%m%dT%H%M%S}")
    try:
        parsed = rrulestr(rule, dtstart=local_start.replace(tzinfo=None))
        first = parsed.after(local_start.replace(tzinfo=None), inc=True)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise RecurrenceError(
            _("This is not a rule we can read: %(detail)s.") % {"detail": str(error) or rule}
        ) from error
    if first is None:
        raise RecurrenceError(_("This rule gives no dates from the first meeting on."))
    return rule


def expand(rule: str, *, starts_at: datetime, time_zone: str, until: datetime) -> list[datetime]:
    """Every start of the series from `starts_at` up to `until` (aware datetimes, in UTC order).

    The first meeting is always included, even when the rule would not give its date (RFC 5545 says the same).
    """
    tz = zone(time_zone)
    local_start = starts_at.astimezone(tz)
    if not rule:
        return [starts_at] if starts_at <= until else []
    naive_start = local_start.replace(tzinfo=None)
    naive_until = until.astimezone(tz).replace(tzinfo=None)
    dates = []
    for naive in rrulestr(rule, dtstart=naive_start):
        if naive > naive_until or len(dates) >= MAX_OCCURRENCES:
            break
        dates.append(naive.replace(tzinfo=tz))
    if not dates or dates[0].replace(tzinfo=None) != naive_start:
        dates.insert(0, local_start)
    return dates[:MAX_OCCURRENCES]


def describe(rule: str) -> str:
    """A short phrase for people: "every week", "every month on the second Tuesday", or the rule itself."""
    if not rule:
        return _("Does not repeat")
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    frequency, interval = parts.get("FREQ"), parts.get("INTERVAL", "1")
    byday = parts.get("BYDAY", "")
    names = dict(
        zip(
            WEEKDAY_CODES,
            (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")),
            strict=True,
        )
    )
    ordinals = {"1": _("first"), "2": _("second"), "3": _("third"), "4": _("fourth"), "-1": _("last")}
    if frequency == "WEEKLY" and interval == "1" and not byday:
        return _("Every week")
    if frequency == "WEEKLY" and interval == "2" and not byday:
        return _("Every two weeks")
    if frequency == "MONTHLY" and interval == "1" and len(byday) >= 3 and byday[-2:] in names:
        n = byday[:-2].lstrip("+") or "1"
        if n in ordinals:
            return _("Every month on the %(nth)s %(day)s") % {"nth": ordinals[n], "day": names[byday[-2:]]}
    return _("Repeats: %(rule)s") % {"rule": rule}
