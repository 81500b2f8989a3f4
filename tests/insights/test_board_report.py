"""The board report's survey results and benefits: read as a person would write them (percentages, words, human
labels) on the page and in the CSV, and a query count that does not grow with surveys, communities or benefits."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from practica.surveys.models import BenefitCategory, Survey
from practica.surveys.services.benefits import log_benefit
from practica.surveys.services.surveys import submit_response
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for
from tests.surveys_world import ensure_benefit_categories, make_survey

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PERIOD = {
    "start": f"{TODAY - datetime.timedelta(days=60):%Y-%m-%d}",
    "end": f"{TODAY - datetime.timedelta(days=1):%Y-%m-%d}",
}


def _closed_survey(staff, *, title: str, members: int = 10, answering: int = 5) -> Survey:
    """A survey of one new community's `members`, `answering` of whom answer; closed a few days ago."""
    community = CommunityFactory(name=f"{title} community")
    people = [UserFactory() for _ in range(members)]
    for person in people:
        add_member(community, person)
    survey = make_survey(
        staff,
        title=title,
        questions=("likert", "nps", "single", "text"),
        audience_kind="community",
        community=community,
    )
    by_kind = {"likert": 4, "nps": 10, "single": 1, "text": "It helps."}
    for person in people[:answering]:
        answers = {q.pk: by_kind[q.kind] for q in survey.questions.all()}
        submit_response(member=person, survey=survey, answers=answers)
    Survey.objects.filter(pk=survey.pk).update(
        opens_on=TODAY - datetime.timedelta(days=20), closes_on=TODAY - datetime.timedelta(days=3)
    )
    return survey


def _benefit(staff, title: str, *, days_ago: int = 5, community=None, evidence_url: str = ""):
    ensure_benefit_categories()
    return log_benefit(
        actor=staff,
        category=BenefitCategory.objects.get(name="A speaker found"),
        title=title,
        happened_on=TODAY - datetime.timedelta(days=days_ago),
        community=community,
        evidence_url=evidence_url,
    )


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_board_report_shows_survey_results_and_benefits_in_words_and_percentages(staff, staff_client):
    survey = _closed_survey(staff, title="Spring check")
    _benefit(staff, "A speaker found for the grief evening", evidence_url="https://example.org/programme")
    _benefit(staff, "A practice change at the day unit", days_ago=4)
    page = staff_client.get(reverse("insights:board-report"), PERIOD).content.decode()

    surveys = page.split('id="report-surveys"')[1].split('id="report-benefits"')[0]
    assert "Spring check" in surveys and "Community: Spring check community" in surveys
    assert "5 responses from 10 members invited: a response rate of 50%." in surveys
    assert "Mean 4.0 of 5" in surveys
    assert "NPS +100 (5 promoters, 0 passives, 0 detractors)" in surveys
    assert "Talks 0%, Papers 100%, Peer support 0%" in surveys
    assert "5 written answers" in surveys and "It helps." not in surveys
    benefits = page.split('id="report-benefits"')[1].split('id="report-safety"')[0]
    when = TODAY - datetime.timedelta(days=5)
    assert f"{when.day} {when:%B %Y}" in benefits
    assert "A speaker found for the grief evening" in benefits and "A speaker found</td>" in benefits
    assert 'href="https://example.org/programme"' in benefits
    assert "Whole site" in benefits and "None given" in benefits
    # Nothing reads like a field name or a raw fraction.
    for raw in ("Date text", "Evidence url", "Response rate</dt>", "0.5", "Logged by", "Kind label"):
        assert raw not in page, raw

    rows = _rows(staff_client.get(reverse("insights:board-report-csv"), PERIOD))
    assert ["Surveys", "Spring check: response rate", "50%"] in rows
    assert ["Surveys", "Spring check: members invited", "10"] in rows
    assert ["Surveys", "Spring check: “A likert question”", "Mean 4.0 of 5"] in rows
    assert ["Surveys", "Spring check: “A nps question”", "NPS +100 (5 promoters, 0 passives, 0 detractors)"] in rows
    assert ["Benefits", "What happened", "Date", "Category", "Community", "Evidence"] in rows
    assert [
        "Benefits",
        "A speaker found for the grief evening",
        f"{when:%Y-%m-%d}",
        "A speaker found",
        "Whole site",
        "https://example.org/programme",
    ] in rows
    assert not any(cell == "0.5" for row in rows for cell in row)
    assert survey.title in {row[1].split(":")[0] for row in rows if row[0] == "Surveys"}


def test_the_board_report_costs_the_same_with_one_or_many_surveys_communities_and_benefits(staff, staff_client):
    url = reverse("insights:board-report") + f"?start={PERIOD['start']}&end={PERIOD['end']}"
    csv_url = reverse("insights:board-report-csv") + f"?start={PERIOD['start']}&end={PERIOD['end']}"
    _closed_survey(staff, title="Survey 0")
    _benefit(staff, "Benefit 0")
    few, few_csv = queries_for(staff_client, url), queries_for(staff_client, csv_url)
    for number in range(1, 5):
        _closed_survey(staff, title=f"Survey {number}", members=6, answering=5 + number % 2)
    for number in range(1, 8):
        _benefit(staff, f"Benefit {number}", days_ago=number)
    page = staff_client.get(url).content.decode()
    assert page.count("a response rate of") == 5 and "Benefit 7" in page
    assert queries_for(staff_client, url) == few
    assert queries_for(staff_client, csv_url) == few_csv
