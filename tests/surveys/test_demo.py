"""The demo site shows surveys and benefits in use: a closed survey with 12 responses whose results compare one
community, an open survey with its members invited, and benefits with evidence; loading it twice changes nothing."""

from practica.accounts import demo as accounts_demo
from practica.communities import demo as communities_demo
from practica.discussions import demo as discussions_demo
from practica.surveys import demo
from practica.surveys.models import Benefit, Survey
from practica.surveys.results import summarise


def test_the_demo_loads_surveys_and_benefits_once(db):
    accounts_demo.load()
    communities_demo.load()
    discussions_demo.load()
    demo.load()
    demo.load()
    closed = Survey.objects.get(title=demo.CLOSED_TITLE)
    assert closed.state() == "closed" and closed.response_count == 12
    summary = summarise(closed)
    assert [row.shown for row in summary.communities].count(True) == 1
    assert summary.questions[-1].texts  # free text is listed: 12 answers
    opened = Survey.objects.get(title=demo.OPEN_TITLE)
    assert opened.is_open and opened.invited_at is not None
    assert Benefit.objects.count() == 5
    assert Benefit.objects.exclude(evidence_kind="").count() >= 2  # a topic and another site (no library here)
