"""Browsing the library: who sees which items, filters and sorts, the item page, and fixed query budgets."""

import datetime
import itertools

import pytest
import time_machine
from django.utils import timezone

from practica.core import visibility
from practica.library.models import LibraryItem
from practica.library.services.items import record_download, set_hidden, toggle_like
from tests.factories import UserFactory, add_member
from tests.helpers import queries_for
from tests.library.factories import add_file_item, add_link_item, checked

_numbers = itertools.count(1)


@pytest.fixture
def closed_item(closed_community, champion):
    return add_file_item(author=champion, community=closed_community, title="Anonymised case formulation")


@pytest.fixture
def site_item(staff):
    return add_file_item(author=staff, community=None, title="Ethical framework summary")


def test_a_community_member_finds_the_closed_communitys_items_in_the_library(community_member_client, closed_item):
    page = community_member_client.get("/library/").content.decode()
    assert "Anonymised case formulation" in page


def test_an_outsider_never_sees_a_closed_communitys_items_anywhere(outsider_client, closed_item, closed_community):
    assert "Anonymised case formulation" not in outsider_client.get("/library/").content.decode()
    assert "Supervisors" not in outsider_client.get("/library/").content.decode()  # not even in the filter
    assert outsider_client.get(f"/library/items/{closed_item.pk}/").status_code == 404
    assert outsider_client.get(f"/communities/{closed_community.pk}/library/").status_code == 404
    assert outsider_client.get(f"/library/?place={closed_community.pk}").status_code == 200
    assert "Anonymised" not in outsider_client.get(f"/library/?place={closed_community.pk}").content.decode()


def test_the_site_library_is_for_every_member(member_client, site_item):
    page = member_client.get("/library/?place=site").content.decode()
    assert "Ethical framework summary" in page
    assert member_client.get(f"/library/items/{site_item.pk}/").status_code == 200


def test_the_visibility_registry_answers_for_library_items(outsider, community_member, closed_item):
    assert visibility.can_see(community_member, closed_item)
    assert not visibility.can_see(outsider, closed_item)


def test_a_hidden_item_is_seen_only_by_its_author_champions_and_moderators(
    client, champion, community_member, moderator, closed_community
):
    author = UserFactory()
    add_member(closed_community, author)
    item = add_file_item(author=author, community=closed_community, title="Worksheet")
    item = set_hidden(actor=champion, item=item, hidden=True, reason="Checking copyright")
    for person, status in ((community_member, 404), (author, 200), (champion, 200)):
        client.force_login(person)
        assert client.get(f"/library/items/{item.pk}/").status_code == status
    assert not visibility.can_see_text(champion, item)


def test_the_item_page_shows_what_members_need_to_know(member_client, member, staff):
    item = add_file_item(author=staff, community=None, title="Contract template", licence="cc_by")
    page = member_client.get(f"/library/items/{item.pk}/").content.decode()
    assert "Contract template" in page
    assert "Creative Commons Attribution (CC BY)" in page
    assert "Download Handout.pdf" in page
    assert "Version 1: Handout.pdf" in page
    assert "Discussed in" in page


def test_a_link_item_offers_the_link_not_a_download(member_client, staff):
    item = add_link_item(author=staff, community=None, title="Guidance on working online")
    page = member_client.get(f"/library/items/{item.pk}/").content.decode()
    assert "https://example.org/guidance" in page
    assert "Download" not in page
    assert member_client.get(f"/library/items/{item.pk}/download/").status_code == 404


def test_the_community_home_page_shows_its_latest_library_items(community_member_client, closed_item, closed_community):
    page = community_member_client.get(f"/communities/{closed_community.pk}/").content.decode()
    assert "Anonymised case formulation" in page


def test_the_community_home_page_shows_no_library_to_an_outsider(outsider_client, closed_item, closed_community):
    page = outsider_client.get(f"/communities/{closed_community.pk}/").content.decode()
    assert "Anonymised case formulation" not in page


# Filters and sorts.


def _titles(response) -> list[str]:
    import re

    return re.findall(r'<h2 class="topic-title"><a href="/library/items/\d+/">([^<]+)</a>', response.content.decode())


def test_filters_by_type_tag_library_and_date(member_client, staff, member, open_community):
    add_member(open_community, member)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=60)):
        add_file_item(author=staff, community=None, title="Old guide", resource_type="guide", tags=["ethics"])
    add_file_item(author=staff, community=None, title="New template", resource_type="template", tags=["contracts"])
    add_file_item(author=member, community=open_community, title="Community paper", resource_type="research_paper")

    assert _titles(member_client.get("/library/?resource_type=template")) == ["New template"]
    assert _titles(member_client.get("/library/?tag=ethics")) == ["Old guide"]
    assert _titles(member_client.get(f"/library/?place={open_community.pk}")) == ["Community paper"]
    assert set(_titles(member_client.get("/library/?place=site"))) == {"Old guide", "New template"}
    assert "Old guide" not in _titles(member_client.get("/library/?added=month"))
    assert _titles(member_client.get("/library/?tag=no-such-tag")) == ["Community paper", "New template", "Old guide"]


def _dated_items(staff):
    for title, day in (("March guide", 3), ("April guide", 4), ("May guide", 5)):
        with time_machine.travel(datetime.datetime(2026, day, 15, 12, tzinfo=datetime.UTC)):
            add_file_item(author=staff, community=None, title=title, resource_type="guide")
    with time_machine.travel(datetime.datetime(2026, 4, 20, 12, tzinfo=datetime.UTC)):
        add_file_item(author=staff, community=None, title="April template", resource_type="template")


def test_filters_by_a_range_of_dates_added_both_days_included(member_client, staff):
    _dated_items(staff)
    page = member_client.get("/library/?added_from=2026-04-01&added_to=2026-04-30")
    assert _titles(page) == ["April template", "April guide"]
    assert _titles(member_client.get("/library/?added_from=2026-04-15&added_to=2026-04-15")) == ["April guide"]
    assert _titles(member_client.get("/library/?added_from=2026-04-16")) == ["May guide", "April template"]
    assert _titles(member_client.get("/library/?added_to=2026-03-31")) == ["March guide"]
    combined = member_client.get("/library/?added_from=2026-04-01&added_to=2026-05-31&resource_type=guide")
    assert _titles(combined) == ["May guide", "April guide"]


def test_a_range_that_ends_before_it_starts_is_explained_next_to_the_end_date_and_nothing_is_lost(member_client, staff):
    _dated_items(staff)
    response = member_client.get("/library/?added_from=2026-05-01&added_to=2026-04-01&resource_type=guide")
    page = response.content.decode()
    assert response.status_code == 200
    assert "This date is before the “Added from” date. Choose a later one." in page
    assert 'id="id_added_to_error"' in page
    assert 'value="2026-05-01"' in page and 'value="2026-04-01"' in page
    assert '<option value="guide" selected>' in page
    # The dates wait to be corrected; the type filter still applies.
    assert _titles(response) == ["May guide", "April guide", "March guide"]


def test_a_malformed_date_is_explained_next_to_its_field_and_kept_for_correction(member_client, staff):
    _dated_items(staff)
    response = member_client.get("/library/?added_from=31-02-2026x&added_to=2026-04-30")
    page = response.content.decode()
    assert "Enter the date as day, month and year, for example 2026-03-31." in page
    assert 'id="id_added_from_error"' in page
    assert 'value="31-02-2026x"' in page
    assert _titles(response) == ["April template", "April guide", "March guide"]


def test_a_date_error_on_a_quick_filter_request_redraws_the_whole_page(member_client, staff):
    response = member_client.get("/library/?added_from=nonsense", headers={"HX-Request": "true"})
    assert response["HX-Retarget"] == "#main"
    assert "<h1>Library</h1>" in response.content.decode()
    plain = member_client.get("/library/?added_from=2026-01-01", headers={"HX-Request": "true"})
    assert "HX-Retarget" not in plain and "<h1>" not in plain.content.decode()


def test_the_library_filtered_by_dates_costs_the_same_with_1_and_50_items(member_client, staff):
    def add(n):
        for _ in range(n):
            add_link_item(author=staff, community=None, title=f"Item {next(_numbers)}")

    _flat(member_client, "/library/?added_from=2020-01-01&added_to=2099-12-31&sort=most_liked", add)


def test_the_community_library_filters_by_type(member_client, member, open_community):
    add_member(open_community, member)
    add_file_item(author=member, community=open_community, title="A guide", resource_type="guide")
    add_file_item(author=member, community=open_community, title="A tool", resource_type="tool")
    response = member_client.get(f"/communities/{open_community.pk}/library/?resource_type=tool")
    assert _titles(response) == ["A tool"]


def test_sorts_by_newest_most_liked_and_most_downloaded(member_client, staff):
    liked = add_file_item(author=staff, community=None, title="Much liked")
    downloaded = add_file_item(author=staff, community=None, title="Much downloaded")
    add_file_item(author=staff, community=None, title="Newest")
    for _ in range(3):
        toggle_like(user=UserFactory(), item=liked)
        record_download(item=downloaded)
    assert _titles(member_client.get("/library/"))[0] == "Newest"
    assert _titles(member_client.get("/library/?sort=liked"))[0] == "Much liked"
    assert _titles(member_client.get("/library/?sort=downloaded"))[0] == "Much downloaded"


def test_the_filter_form_answers_htmx_with_only_the_results(member_client, site_item):
    response = member_client.get("/library/?resource_type=guide", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="library-results"' in body and "<html" not in body


# Query budgets.


def _flat(client, url: str, add_items) -> None:
    add_items(1)
    with_one = queries_for(client, url)
    add_items(49)
    with_fifty = queries_for(client, url)
    assert with_one == with_fifty, f"{with_one} queries with 1 item, {with_fifty} with 50"


def test_the_library_costs_the_same_with_1_and_50_items(member_client, member, open_community, staff):
    add_member(open_community, member)

    def add(n):
        for index in range(n):
            community = open_community if index % 2 else None
            author = member if community else staff
            item = add_link_item(author=author, community=community, title=f"Item {next(_numbers)}", tags=["a", "b"])
            toggle_like(user=staff if author == member else member, item=item)

    _flat(member_client, "/library/", add)


def test_a_community_library_costs_the_same_with_1_and_50_items(member_client, member, open_community):
    add_member(open_community, member)

    def add(n):
        for _ in range(n):
            add_file_item(author=member, community=open_community, title=f"Item {next(_numbers)}")

    _flat(member_client, f"/communities/{open_community.pk}/library/", add)


def test_an_item_page_costs_the_same_with_1_and_50_versions(member_client, member, open_community):
    from practica.library.services.items import add_version, create_item
    from tests.library.factories import details

    add_member(open_community, member)
    item = create_item(
        author=member, community=open_community, kind="file", details=details("Handout"), upload=checked()
    )
    _flat(
        member_client,
        f"/library/items/{item.pk}/",
        # The item starts with its first version; the second call brings it to fifty.
        lambda n: [
            add_version(actor=member, item=item, upload=checked(), note="Updated") for _ in range(n if n > 1 else 0)
        ],
    )
    assert LibraryItem.objects.get(pk=item.pk).version_count == 50


def test_a_collection_costs_the_same_with_1_and_50_items(client, champion, closed_community):
    from practica.library.services.collections import add_to_collection, create_collection

    client.force_login(champion)
    collection = create_collection(actor=champion, community=closed_community, title="Essentials")

    def add(n):
        for _ in range(n):
            item = add_file_item(author=champion, community=closed_community, title=f"Item {next(_numbers)}")
            add_to_collection(actor=champion, collection=collection, item=item)

    _flat(client, f"/library/collections/{collection.pk}/", add)


def test_the_community_page_library_section_costs_the_same_with_1_and_50_items(
    community_member_client, champion, closed_community
):
    def add(n):
        for _ in range(n):
            add_file_item(author=champion, community=closed_community, title=f"Item {next(_numbers)}")

    _flat(community_member_client, f"/communities/{closed_community.pk}/", add)
