"""The community directory and division pages: who sees what, the filters, the join buttons, the query budget."""

import pytest
from django.urls import reverse

from practica.communities.services.communities import set_community_archived
from practica.communities.services.membership import join_community
from tests.factories import CommunityFactory, DivisionFactory, UserFactory, add_member
from tests.helpers import queries_for

LIST_URL = reverse("communities:list")


@pytest.fixture
def unlisted_community(db):
    return CommunityFactory(name="Safeguarding Leads", membership="closed", unlisted=True)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 200),
        ("member", 200),
        ("community_member", 200),
        ("applicant", 200),
        ("champion", 200),
        ("staff", 200),
        ("admin", 200),
    ],
)
def test_every_current_member_sees_the_directory_and_anonymous_people_are_sent_to_sign_in(
    persona, expected, request, closed_community
):
    client = request.getfixturevalue(f"{persona}_client")
    assert client.get(LIST_URL).status_code == expected
    division_url = reverse("communities:division", kwargs={"slug": closed_community.division.slug})
    assert client.get(division_url).status_code == expected


def test_directory_shows_open_and_closed_communities_with_their_details(
    outsider_client, open_community, closed_community, champion
):
    open_community.posts_last_30_days = 12
    open_community.save(update_fields=["posts_last_30_days"])
    response = outsider_client.get(LIST_URL)
    html = response.content.decode()
    assert "Neurodiversity Affirming Practice" in html
    assert "Supervisors&#x27; Circle" in html
    assert "Open</span>" in html and "Closed</span>" in html
    assert "12 posts in the last 30 days" in html
    assert "1 member" in html
    assert "Chloe Champion" in html
    assert reverse("communities:proposal-create") in html


def test_directory_offers_a_join_button_for_open_and_a_request_link_for_closed_communities(
    outsider_client, open_community, closed_community
):
    html = outsider_client.get(LIST_URL).content.decode()
    open_join = reverse("communities:join", kwargs={"pk": open_community.pk})
    closed_join = reverse("communities:join", kwargs={"pk": closed_community.pk})
    assert f'<form method="post" action="{open_join}">' in html
    assert f'<a class="button button-secondary" href="{closed_join}">' in html
    assert f'action="{closed_join}"' not in html


def test_directory_shows_the_viewers_own_state_in_each_community(
    community_member_client, applicant_client, champion_client, closed_community
):
    assert "Member</span>" in community_member_client.get(LIST_URL).content.decode()
    assert "Pending</span>" in applicant_client.get(LIST_URL).content.decode()
    assert "Champion</span>" in champion_client.get(LIST_URL).content.decode()


def test_directory_shows_a_place_on_the_waiting_list(outsider, outsider_client):
    full = CommunityFactory(name="Tiny Circle", max_members=1)
    add_member(full, UserFactory())
    join_community(user=outsider, community=full)
    assert "On the waiting list</span>" in outsider_client.get(LIST_URL).content.decode()


def test_an_unlisted_community_is_missing_from_the_directory_for_outsiders(
    outsider_client, staff_client, unlisted_community
):
    assert "Safeguarding Leads" not in outsider_client.get(LIST_URL).content.decode()
    assert "Safeguarding Leads" in staff_client.get(LIST_URL).content.decode()


def test_an_unlisted_community_is_in_the_directory_for_its_members(outsider, outsider_client, unlisted_community):
    add_member(unlisted_community, outsider)
    assert "Safeguarding Leads" in outsider_client.get(LIST_URL).content.decode()


def test_an_archived_community_is_shown_only_to_its_members(
    staff, closed_community, community_member_client, outsider_client
):
    set_community_archived(actor=staff, community=closed_community, archived=True)
    assert "Supervisors" not in outsider_client.get(LIST_URL).content.decode()
    html = community_member_client.get(LIST_URL).content.decode()
    assert "Supervisors" in html and "Archived</span>" in html


def test_directory_filters_by_division(outsider_client):
    health = DivisionFactory(name="Healthcare")
    schools = DivisionFactory(name="Schools")
    CommunityFactory(name="Hospice Counsellors", division=health)
    CommunityFactory(name="School Counsellors", division=schools)
    html = outsider_client.get(LIST_URL, {"division": health.slug}).content.decode()
    assert "Hospice Counsellors" in html
    assert "School Counsellors" not in html
    assert "1 community" in html


def test_directory_filters_to_my_communities(outsider, outsider_client, open_community):
    mine = CommunityFactory(name="Couples Work")
    add_member(mine, outsider)
    html = outsider_client.get(LIST_URL, {"mine": "on"}).content.decode()
    assert "Couples Work" in html
    assert "Neurodiversity" not in html


def test_an_unknown_division_in_the_filter_is_reported_next_to_the_field(outsider_client, open_community):
    response = outsider_client.get(LIST_URL, {"division": "no-such-division"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_division_error"' in html
    assert "Neurodiversity" in html


def test_an_htmx_filter_request_gets_only_the_results(outsider_client, open_community):
    response = outsider_client.get(LIST_URL, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="community-results"' in html
    assert "<html" not in html
    assert "Neurodiversity" in html


def test_the_filter_form_works_without_javascript(outsider_client):
    html = outsider_client.get(LIST_URL).content.decode()
    assert f'<form method="get" action="{LIST_URL}"' in html
    assert "<script>" not in html


def test_a_division_page_lists_only_its_communities(outsider_client):
    health = DivisionFactory(name="Healthcare")
    CommunityFactory(name="Hospice Counsellors", division=health)
    CommunityFactory(name="School Counsellors", division=DivisionFactory(name="Schools"))
    html = outsider_client.get(reverse("communities:division", kwargs={"slug": health.slug})).content.decode()
    assert "<h1>Healthcare</h1>" in html
    assert "Hospice Counsellors" in html
    assert "School Counsellors" not in html


def test_a_division_page_hides_unlisted_communities_from_outsiders(outsider_client, unlisted_community):
    url = reverse("communities:division", kwargs={"slug": unlisted_community.division.slug})
    assert "Safeguarding Leads" not in outsider_client.get(url).content.decode()


def test_an_unknown_or_archived_division_is_404(outsider_client):
    from django.utils import timezone

    DivisionFactory(name="Old Division", archived_at=timezone.now())
    assert outsider_client.get(reverse("communities:division", kwargs={"slug": "old-division"})).status_code == 404
    assert outsider_client.get(reverse("communities:division", kwargs={"slug": "nope"})).status_code == 404


def _communities_with_champions(count: int) -> None:
    division = DivisionFactory(name="Healthcare")
    for _ in range(count):
        community = CommunityFactory(division=division)
        add_member(community, UserFactory(), role="champion")
        add_member(community, UserFactory())


@pytest.mark.parametrize("url_name", ["list", "division"])
def test_directory_query_count_does_not_grow_with_communities(url_name, outsider, outsider_client):
    _communities_with_champions(1)
    url = reverse(f"communities:{url_name}", kwargs={"slug": "healthcare"} if url_name == "division" else {})
    with_one = queries_for(outsider_client, url)
    _communities_with_champions(49)
    with_fifty = queries_for(outsider_client, url)
    assert with_one == with_fifty


def test_my_communities_filter_query_count_does_not_grow(outsider, outsider_client):
    from practica.communities.models import Community

    _communities_with_champions(1)
    for community in Community.objects.all():
        add_member(community, outsider)
    url = f"{LIST_URL}?mine=on"
    with_one = queries_for(outsider_client, url)
    _communities_with_champions(49)
    for community in Community.objects.exclude(memberships__user=outsider):
        add_member(community, outsider)
    assert queries_for(outsider_client, url) == with_one
