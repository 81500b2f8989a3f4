"""Dashboards, CSV exports, the board report and the "What we count" page: who sees what, what it says, and
a query budget that does not grow with the number of communities."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from practica.insights.models import SITE, MetricValue, Target
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def _figures(community_id: int, **values) -> None:
    for metric, value in values.items():
        MetricValue.objects.create(metric=metric, community_id=community_id, day=YESTERDAY, value=value)


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def champion_and_community(db):
    community = CommunityFactory(name="Eco Awareness")
    champion = UserFactory(display_name="Cleo Champion")
    add_member(community, champion, role="champion")
    return champion, community


def test_staff_see_the_site_dashboard_with_every_community_side_by_side(staff_client):
    eco = CommunityFactory(name="Eco Awareness")
    rural = CommunityFactory(name="Rural Isolation")
    _figures(SITE, new_topics=7, page_views=120)
    _figures(eco.pk, new_topics=4)
    _figures(rural.pk, new_topics=3)
    response = staff_client.get(reverse("insights:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Communities side by side" in html and "Eco Awareness" in html and "Rural Isolation" in html
    assert 'role="img"' in html and '<title id="chart-new_topics-title">New topics</title>' in html
    assert "as a table" in html and "Download “New topics” as CSV" in html


@pytest.mark.parametrize("persona", ["member_client", "moderator_client"])
def test_members_and_moderators_see_no_site_dashboard(persona, request):
    client = request.getfixturevalue(persona)
    for name in ("insights:dashboard", "insights:export", "insights:board-report", "insights:board-report-csv"):
        assert client.get(reverse(name)).status_code == 403


def test_a_champion_sees_their_own_communitys_dashboard(client, champion_and_community):
    champion, community = champion_and_community
    _figures(community.pk, new_topics=4, replies=9)
    client.force_login(champion)
    response = client.get(reverse("insights:community", kwargs={"pk": community.pk}))
    assert response.status_code == 200
    assert "Insights for Eco Awareness" in response.content.decode()
    export = client.get(reverse("insights:community-export", kwargs={"pk": community.pk}), {"chart": "replies"})
    assert export["Content-Type"].startswith("text/csv")
    assert _rows(export)[-1][-1] == "9.0"


def test_a_champion_sees_no_other_community_and_no_site_dashboard(client, champion_and_community):
    champion, _community = champion_and_community
    other_open = CommunityFactory(name="Students")
    other_closed = CommunityFactory(name="Supervisors", membership="closed")
    client.force_login(champion)
    assert client.get(reverse("insights:community", kwargs={"pk": other_open.pk})).status_code == 403
    assert client.get(reverse("insights:community", kwargs={"pk": other_closed.pk})).status_code == 404
    assert client.get(reverse("insights:community-export", kwargs={"pk": other_closed.pk})).status_code == 404
    assert client.get(reverse("insights:dashboard")).status_code == 403


def test_a_plain_community_member_sees_no_dashboard(client, champion_and_community):
    _champion, community = champion_and_community
    member = UserFactory()
    add_member(community, member)
    client.force_login(member)
    assert client.get(reverse("insights:community", kwargs={"pk": community.pk})).status_code == 403
    home = client.get(reverse("communities:detail", kwargs={"pk": community.pk}))
    assert "See your community's insights" not in home.content.decode()


def test_champions_find_their_insights_on_the_community_page(client, champion_and_community):
    champion, community = champion_and_community
    client.force_login(champion)
    html = client.get(reverse("communities:detail", kwargs={"pk": community.pk})).content.decode()
    assert "See your community's insights" in html


def test_staff_dashboard_costs_the_same_queries_with_1_and_50_communities(staff_client):
    Target.objects.create(
        metric="communities",
        value=15,
        starts_on=YESTERDAY.replace(month=1, day=1),
        ends_on=YESTERDAY.replace(month=12, day=31),
    )

    def add(count):
        for _ in range(count):
            community = CommunityFactory()
            _figures(community.pk, new_topics=2, replies=3, active_members=5)
        _figures(SITE, new_topics=count) if not MetricValue.objects.filter(community_id=SITE).exists() else None

    add(1)
    with_one = queries_for(staff_client, reverse("insights:dashboard"))
    add(49)
    with_fifty = queries_for(staff_client, reverse("insights:dashboard"))
    assert with_one == with_fifty, f"{with_one} queries with 1 community, {with_fifty} with 50"
    report_one = queries_for(staff_client, reverse("insights:board-report"))
    add(1)
    assert queries_for(staff_client, reverse("insights:board-report")) == report_one


def test_community_dashboard_costs_the_same_queries_with_1_and_50_days(client, champion_and_community):
    champion, community = champion_and_community
    client.force_login(champion)
    _figures(community.pk, new_topics=1)
    url = reverse("insights:community", kwargs={"pk": community.pk})
    with_one = queries_for(client, url)
    for offset in range(2, 51):
        MetricValue.objects.create(
            metric="replies", community_id=community.pk, day=YESTERDAY - datetime.timedelta(days=offset), value=offset
        )
    assert queries_for(client, url) == with_one


def test_the_csv_exports_carry_each_charts_figures(staff_client):
    eco = CommunityFactory(name="=Eco Awareness")
    _figures(SITE, new_topics=7)
    _figures(eco.pk, new_topics=7)
    day = {"start": YESTERDAY.isoformat(), "end": YESTERDAY.isoformat(), "grain": "day"}
    one = _rows(staff_client.get(reverse("insights:export"), {"chart": "new_topics", **day}))
    assert one[0] == ["period", "from", "New topics"] and one[1][1:] == [YESTERDAY.isoformat(), "7.0"]
    everything = _rows(staff_client.get(reverse("insights:export"), {"chart": "all", **day}))
    assert "Replies per new topic" in everything[0]
    communities = _rows(staff_client.get(reverse("insights:export"), {"chart": "communities", **day}))
    assert communities[1][0] == "'=Eco Awareness"  # never a spreadsheet formula
    assert staff_client.get(reverse("insights:export"), {"chart": "nonsense"}).status_code == 404


def test_an_impossible_period_is_refused_next_to_the_field(staff_client):
    response = staff_client.get(reverse("insights:dashboard"), {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.content.decode()


def test_the_board_report_has_every_section_and_a_csv(staff_client):
    Target.objects.create(
        metric="new_topics",
        value=30,
        starts_on=YESTERDAY.replace(month=1, day=1),
        ends_on=YESTERDAY.replace(month=12, day=31),
    )
    _figures(SITE, new_topics=4, flags_raised=2, flags_resolved=1)
    response = staff_client.get(reverse("insights:board-report"))
    html = response.content.decode()
    for heading in (
        "Targets and progress",
        "Engagement",
        "Community health",
        "Survey results",
        "Benefits logged",
        "Safety",
    ):
        assert heading in html
    assert "No surveys closed in this period." in html
    assert "Flags raised" in html
    rows = _rows(staff_client.get(reverse("insights:board-report-csv")))
    sections = {row[0] for row in rows[1:]}
    assert {"Targets", "Engagement", "Safety", "Speaker requests by status"} <= sections


def test_members_can_read_what_we_count_from_the_footer(member_client):
    home = member_client.get(reverse("core:home")).content.decode()
    assert reverse("insights:what-we-count") in home
    page = member_client.get(reverse("insights:what-we-count")).content.decode()
    assert "No cookies are set for counting" in page and "Average daily contributing members" in page


def test_a_week_of_the_same_member_visiting_daily_reads_as_one_a_day_not_seven_people(staff_client):
    """Unique members over a week cannot be known without keeping who visited; the figure is the average day,
    and every place it appears says so."""
    week_start = YESTERDAY - datetime.timedelta(days=6)
    for offset in range(7):
        day = week_start + datetime.timedelta(days=offset)
        MetricValue.objects.create(metric="active_members", community_id=SITE, day=day, value=1)
        MetricValue.objects.create(metric="contributing_members", community_id=SITE, day=day, value=1)
    period = {"start": f"{week_start:%Y-%m-%d}", "end": f"{YESTERDAY:%Y-%m-%d}"}
    dashboard = staff_client.get(reverse("insights:dashboard"), period | {"grain": "week"}).content.decode()
    report = staff_client.get(reverse("insights:board-report"), period).content.decode()
    for page in (dashboard, report):
        assert "Average daily active members" in page and "Average daily contributing members" in page
        assert ">Active members<" not in page and ">Contributing members<" not in page
    engagement = {
        row[1]: row[2]
        for row in _rows(staff_client.get(reverse("insights:board-report-csv"), period))
        if row[0] == "Engagement"
    }
    assert float(engagement["Average daily active members"]) == 1.0
    assert float(engagement["Average daily contributing members"]) == 1.0
    assert "Active members" not in engagement and "Contributing members" not in engagement
    about = staff_client.get(reverse("insights:what-we-count")).content.decode()
    assert "Not a head count of the week or month" in about
