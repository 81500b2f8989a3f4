"""The demo site shows meetings in use: a monthly series with answers and a recorded past meeting, site-wide
events and suggestions; loading it twice changes nothing."""

from practica.accounts import demo as accounts_demo
from practica.communities import demo as communities_demo
from practica.meetings import demo
from practica.meetings.models import Attendance, EventSuggestion, Meeting, Occurrence, Rsvp


def test_the_demo_loads_meetings_once(db):
    accounts_demo.load()
    communities_demo.load()
    demo.load()
    demo.load()
    series = Meeting.objects.get(title__startswith="Monthly peer meeting")
    assert series.recurrence.startswith("FREQ=MONTHLY;BYDAY=+2WE")
    assert Attendance.objects.filter(occurrence__meeting=series).exists()
    assert Rsvp.objects.filter(occurrence__meeting=series).exists()
    assert Occurrence.objects.filter(community__isnull=True).count() == 2
    assert EventSuggestion.objects.count() == 2
