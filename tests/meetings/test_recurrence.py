"""Series repeat in local wall-clock time across daylight-saving changes; rules are validated with reasons."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from practica.meetings.choices import Repeat
from practica.meetings.recurrence import RecurrenceError, build_rule, describe, expand, nth_weekday, validate

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


def test_a_weekly_1800_meeting_stays_at_1800_local_across_the_march_clock_change():
    # 2026: clocks go forward on Sunday 29 March.
    start = datetime(2026, 3, 17, 18, 0, tzinfo=LONDON)
    dates = expand("FREQ=WEEKLY", starts_at=start, time_zone="Europe/London", until=datetime(2026, 4, 10, tzinfo=UTC))
    assert [d.astimezone(LONDON).hour for d in dates] == [18, 18, 18, 18]
    assert [d.astimezone(UTC).hour for d in dates] == [18, 18, 17, 17]


def test_a_weekly_1800_meeting_stays_at_1800_local_across_the_october_clock_change():
    # 2026: clocks go back on Sunday 25 October.
    start = datetime(2026, 10, 14, 18, 0, tzinfo=LONDON)
    dates = expand("FREQ=WEEKLY", starts_at=start, time_zone="Europe/London", until=datetime(2026, 11, 5, tzinfo=UTC))
    assert [d.astimezone(LONDON).strftime("%d %H:%M") for d in dates] == [
        "14 18:00",
        "21 18:00",
        "28 18:00",
        "04 18:00",
    ]
    assert [d.astimezone(UTC).hour for d in dates] == [17, 17, 18, 18]


def test_monthly_on_the_second_tuesday():
    start = datetime(2026, 1, 13, 19, 30, tzinfo=LONDON)  # the second Tuesday of January 2026
    rule = build_rule(Repeat.MONTHLY, start)
    assert rule == "FREQ=MONTHLY;BYDAY=+2TU"
    dates = expand(rule, starts_at=start, time_zone="Europe/London", until=datetime(2026, 6, 1, tzinfo=UTC))
    assert [d.astimezone(LONDON).strftime("%a %d %b %H:%M") for d in dates] == [
        "Tue 13 Jan 19:30",
        "Tue 10 Feb 19:30",
        "Tue 10 Mar 19:30",
        "Tue 14 Apr 19:30",
        "Tue 12 May 19:30",
    ]
    assert describe(rule) == "Every month on the second Tuesday"


def test_a_fifth_weekday_becomes_the_last_one_of_the_month():
    assert nth_weekday(datetime(2026, 1, 29, tzinfo=LONDON)) == (-1, "TH")


def test_fortnightly_with_a_count():
    start = datetime(2026, 2, 4, 12, 0, tzinfo=LONDON)
    rule = build_rule(Repeat.FORTNIGHTLY, start, count=3)
    dates = expand(rule, starts_at=start, time_zone="Europe/London", until=datetime(2027, 1, 1, tzinfo=UTC))
    assert [d.day for d in dates] == [4, 18, 4]


@pytest.mark.parametrize(
    ("rule", "explains"),
    [
        ("", "Write a rule"),
        ("FREQ=SOMETIMES", "repeat daily, weekly, monthly or yearly"),
        ("FREQ=HOURLY", "repeat daily, weekly, monthly or yearly"),
        ("BYDAY=MO", "needs a FREQ"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a rule we can read"),
        ("FREQ=WEEKLY;INTERVAL", "NAME=VALUE"),
        ("DTSTART:20260101T000000\nRRULE:FREQ=DAILY", "one RRULE only"),
        ("FREQ=WEEKLY;UNTIL=20200101", "no dates"),
    ],
)
def test_an_invalid_rule_is_refused_with_an_explanation(rule, explains):
    with pytest.raises(RecurrenceError, match=explains):
        validate(rule, datetime(2026, 3, 2, 18, 0, tzinfo=LONDON))


def test_a_custom_rule_is_normalised_and_a_utc_until_becomes_local():
    rule = validate("rrule:freq=monthly;byday=-1fr;until=20260630T230000Z;", datetime(2026, 3, 27, 18, tzinfo=LONDON))
    # Series expand in local time, so the end is stored as the same instant in London (BST: an hour ahead).
    assert rule == "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20260701T000000"
    start = datetime(2026, 3, 27, 18, tzinfo=LONDON)
    dates = expand(
        validate(rule, start), starts_at=start, time_zone="Europe/London", until=datetime(2027, 1, 1, tzinfo=UTC)
    )
    assert [d.day for d in dates] == [27, 24, 29, 26]
