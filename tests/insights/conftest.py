import datetime
import zoneinfo

import pytest

LONDON = zoneinfo.ZoneInfo("Europe/London")
# A Tuesday, in winter time: the day every hand-made data set happens on.
DAY = datetime.date(2026, 3, 10)


def at(hour: int, minute: int = 0, day: datetime.date = DAY) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def travel():
    """travel(when): the clock stands at `when` until the next call (or the test's end)."""
    import time_machine

    current = []

    def go(when):
        if current:
            current.pop().stop()
        traveller = time_machine.travel(when, tick=False)
        traveller.start()
        current.append(traveller)

    yield go
    if current:
        current.pop().stop()
