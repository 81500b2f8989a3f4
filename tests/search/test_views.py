"""The search pages for each kind of person: results on every tab, suggestions, result links and the
anonymous log, a community's search setting, the staff analytics, and the results page's query budget."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from practica.accounts.models import Profile
from practica.core.models import AuditEntry
from practica.discussions.services.posting import start_topic
from practica.experts.services.directory import save_expert_profile
from practica.meetings.services.meetings import create_meeting
from practica.search.models import SearchLog, SearchPolicy
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import count_queries, run_pending_tasks
from tests.search.conftest import link_item

HTMX = {"HTTP_HX_REQUEST": "true"}


def _page(client, **params) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_every_page_has_the_search_box(member_client):
    page = member_client.get("/communities/").content.decode()
    assert 'role="search"' in page and 'action="/search/"' in page
    assert 'for="header-search-q"' in page


def test_anonymous_people_are_sent_to_sign_in(anonymous_client):
    response = anonymous_client.get("/search/", {"q": "endings"})
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_lapsed_and_suspended_people_cannot_search(lapsed_client, suspended_client):
    assert lapsed_client.get("/search/", {"q": "x"}).status_code == 403
    assert suspended_client.get("/search/", {"q": "x"}).status_code == 403


def test_the_library_tab_finds_items_of_readable_communities_and_the_site_library(search_corpus, member_client, staff):
    link_item(author=staff, community=None, title="Site-wide supervision guide", description="For everyone")
    run_pending_tasks()
    page = _page(member_client, q="supervision", tab="library")
    assert "Supervision contract template" in page and "Site-wide supervision guide" in page
    assert "Site library" in page


def test_the_meetings_tab_finds_visible_meetings_only(search_corpus, member_client):
    starts = timezone.now() + datetime.timedelta(days=3)
    create_meeting(
        community=search_corpus["open_community"],
        title="Supervision circle",
        agenda="Bring a case about endings",
        starts_at=starts,
        created_by=search_corpus["author"],
    )
    create_meeting(
        community=search_corpus["closed_community"],
        title="Closed supervision meetup",
        starts_at=starts,
        created_by=search_corpus["author"],
    )
    page = _page(member_client, q="supervision", tab="meetings")
    assert "Supervision circle" in page
    assert "Closed supervision meetup" not in page


def test_the_experts_and_members_tabs_follow_the_directory(search_corpus, member_client):
    expert = UserFactory(display_name="Erin Expert")
    save_expert_profile(user=expert, available=True, areas="Eating disorders, grief")
    hidden = UserFactory(display_name="Erin Unlisted")
    Profile.objects.filter(user=hidden).update(listed_in_directory=False)
    assert "Erin Expert" in _page(member_client, q="grief", tab="experts")
    members = _page(member_client, q="erin", tab="members")
    assert "Erin Expert" in members and "Erin Unlisted" not in members


def test_suggestions_offer_topics_and_members_the_reader_may_see(search_corpus, member_client):
    hidden = UserFactory(display_name="Endeavour Unlisted")
    Profile.objects.filter(user=hidden).update(listed_in_directory=False)
    UserFactory(display_name="Endeavour Listed")
    page = member_client.get("/search/suggest/", {"q": "endi"}).content.decode()
    assert "Endings with clients" in page
    page = member_client.get("/search/suggest/", {"q": "endeav"}).content.decode()
    assert "Endeavour Listed" in page and "Endeavour Unlisted" not in page


def test_opening_a_result_counts_an_anonymous_click(search_corpus, member_client, member):
    page = _page(member_client, q="endings")
    log = SearchLog.objects.get()
    assert (log.query, log.result_count, log.clicked) == ("endings", 2, False)
    assert not {field.name for field in SearchLog._meta.fields} & {"user", "user_id", "session", "ip"}
    link = page.split('<h3><a href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    response = member_client.get(link)
    assert response.status_code == 302 and response["Location"].startswith("/posts/")
    log.refresh_from_db()
    assert log.clicked


def test_later_pages_and_empty_queries_are_not_logged_again(search_corpus, member_client):
    _page(member_client, q="")
    _page(member_client, q="the of")
    assert SearchLog.objects.count() == 0
    _page(member_client, q="supervision")
    _page(member_client, q="supervision", page="2")
    assert SearchLog.objects.count() == 1


def test_a_champion_makes_their_community_confidential(search_corpus):
    from django.test import Client

    champion = search_corpus["author"]
    client = Client()
    client.force_login(champion)
    community = search_corpus["open_community"]
    page = client.get(f"/communities/{community.pk}/").content.decode()
    assert f"/communities/{community.pk}/search-settings/" in page
    response = client.post(f"/communities/{community.pk}/search-settings/", {"confidential": "on"})
    assert response.status_code == 302
    assert SearchPolicy.objects.get(community=community).confidential
    assert AuditEntry.objects.filter(action="search.policy_changed", actor=champion).exists()
    results = client.get("/search/", {"q": "supervision", "community": community.pk}, **HTMX).content.decode()
    assert "Endings with clients" in results and "<mark>" not in results


def test_members_may_not_change_a_communitys_search_setting(search_corpus, member_client, moderator_client):
    community = search_corpus["open_community"]
    assert member_client.get(f"/communities/{community.pk}/search-settings/").status_code == 403
    assert (
        member_client.post(f"/communities/{community.pk}/search-settings/", {"confidential": "on"}).status_code == 403
    )
    assert moderator_client.get(f"/communities/{community.pk}/search-settings/").status_code == 403
    closed = search_corpus["closed_community"]
    assert member_client.get(f"/communities/{closed.pk}/search-settings/").status_code == 404
    assert not SearchPolicy.objects.exists()
    page = member_client.get(f"/communities/{community.pk}/").content.decode()
    assert "search-settings" not in page


def test_staff_see_top_searches_and_gaps(search_corpus, member_client, staff_client, member):
    _page(member_client, q="supervision")
    _page(member_client, q="Supervision")
    _page(member_client, q="weasels")
    page = staff_client.get("/staff/search/").content.decode()
    assert "supervision" in page and "weasels" in page
    assert "Searches that found nothing" in page
    assert member.display_name not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert member_client.get("/staff/search/").status_code == 403
    assert staff_client.get("/staff/search/", {"since": "2020-01-01", "until": "2020-01-31"}).status_code == 200
    assert (
        "No searches in this period"
        in staff_client.get("/staff/search/", {"since": "2020-01-01", "until": "2020-01-02"}).content.decode()
    )


def test_searching_is_rate_limited(search_corpus, member_client, settings):
    # The limit counts per clock minute: the clock stands still so that no minute ends half-way through.
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(60):
            member_client.get("/search/", {"q": "supervision", "page": "2"})
        response = member_client.get("/search/", {"q": "supervision"})
    assert response.status_code == 429


@pytest.mark.parametrize("tab", ["posts", "library", "meetings", "experts", "members"])
def test_the_results_page_costs_the_same_queries_with_1_and_50_results(tab, member_client, member, staff):
    community = CommunityFactory(name="Counting")
    author = UserFactory(display_name="Quinn Counter")
    add_member(community, author, role="champion")
    add_member(community, member)
    counter = iter(range(1000))

    def add(n):
        for _ in range(n):
            i = next(counter)
            if tab == "posts":
                start_topic(
                    author=author, community=community, title=f"Resilience {i}", body="Resilience notes", tags=["x"]
                )
            elif tab == "library":
                link_item(author=author, community=community, title=f"Resilience {i}", tags=["y"])
            elif tab == "meetings":
                create_meeting(
                    community=community,
                    title=f"Resilience {i}",
                    starts_at=timezone.now() + datetime.timedelta(days=i + 1),
                    created_by=author,
                )
            elif tab == "experts":
                save_expert_profile(
                    user=UserFactory(display_name=f"Resilience {i}"), available=True, areas="resilience"
                )
            else:
                UserFactory(display_name=f"Resilience {i}")
        run_pending_tasks()

    def queries() -> int:
        url = f"/search/?q=resilience&tab={tab}&page=2"  # page 2: no log row, so the count is the page's own
        member_client.get(url)
        with count_queries() as context:
            assert member_client.get(url).status_code == 200
        return len(context.captured_queries)

    add(21)  # one result on page 2
    with_one = queries()
    add(49)
    with_fifty = queries()
    assert with_one == with_fifty, f"{with_one} queries with 1 result on the page, {with_fifty} with 20"


def test_the_experts_tab_keeps_to_the_division_chosen(search_corpus, member_client):
    from tests.factories import DivisionFactory

    children, adults = DivisionFactory(name="Children and young people"), DivisionFactory(name="Adults")
    save_expert_profile(user=UserFactory(display_name="Cai Child"), available=True, areas="grief", divisions=[children])
    save_expert_profile(user=UserFactory(display_name="Ada Adult"), available=True, areas="grief", divisions=[adults])

    page = _page(member_client, q="grief", tab="experts", division=children.pk)

    assert "Cai Child" in page and "Ada Adult" not in page
