"""Search must never show anything the reader could not open, nor text that may not travel: closed
communities' content, hidden, removed, held (pre-moderated) and deleted posts, hidden and removed library items.
Each such thing carries a unique marker word; a leak is that word on a results page or in a suggestion."""

import pytest
from django.test import Client

from practica.discussions.services.curation import move_topic
from practica.search.choices import Tab
from practica.search.models import SearchDocument, SearchPolicy
from tests.search.conftest import CLOSED_MARKERS, NEVER_MARKERS

HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _results(client, q, **params) -> str:
    """Only the results part of the page (the htmx partial), which never repeats the words searched for."""
    response = client.get("/search/", {"q": q, **params}, **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def _suggestions(client, q) -> str:
    response = client.get("/search/suggest/", {"q": q})
    assert response.status_code == 200
    return response.content.decode().split("/search/?q=")[0]


def _everything_found(client, words) -> str:
    pages = []
    for word in words:
        for tab in Tab.values:
            pages.append(_results(client, word, tab=tab))
        pages.append(_suggestions(client, word[:-2]))
    # Common words find the visible content: its snippets must not carry hidden text from elsewhere.
    for sort in ("relevance", "newest", "liked"):
        pages.append(_results(client, "supervision", sort=sort))
        pages.append(_results(client, "supervision notes", sort=sort, tab="library"))
    pages.append(_suggestions(client, "supervis"))
    return "\n".join(pages)


@pytest.mark.parametrize("persona", ["member", "moderator", "outsider", "writer"])
def test_people_outside_the_closed_community_never_find_its_content_or_anything_taken_away(
    persona, search_corpus, member, moderator
):
    people = {"member": member, "moderator": moderator, "writer": search_corpus["writer"]}
    if persona == "outsider":
        from tests.factories import UserFactory

        people["outsider"] = UserFactory(display_name="Olive Outsider")
    found = _everything_found(_client(people[persona]), CLOSED_MARKERS + NEVER_MARKERS)
    for marker in CLOSED_MARKERS + NEVER_MARKERS:
        assert marker not in found, f"{marker} reached {persona}"
    assert "Endings with clients" in found  # the search did run and find the visible content


@pytest.mark.parametrize("persona", ["insider", "author", "staff", "admin"])
def test_people_who_may_read_the_closed_community_find_it_but_never_what_was_taken_away(
    persona, search_corpus, staff, admin
):
    people = {"insider": search_corpus["insider"], "author": search_corpus["author"], "staff": staff, "admin": admin}
    client = _client(people[persona])
    found = _everything_found(client, NEVER_MARKERS)
    for marker in NEVER_MARKERS:
        assert marker not in found, f"{marker} reached {persona}"
    assert "zanzibarclosed" in _results(client, "zanzibarclosed")
    assert "xylophoneclosedlibrary" in _results(client, "xylophoneclosedlibrary", tab="library")


def test_the_index_holds_no_text_of_hidden_removed_held_or_deleted_content(search_corpus):
    texts = " ".join(SearchDocument.objects.values_list("title", flat=True)) + " ".join(
        SearchDocument.objects.values_list("body", flat=True)
    )
    for marker in NEVER_MARKERS:
        assert marker not in texts


def test_a_topic_moved_into_a_closed_community_disappears_at_once_even_before_the_index_catches_up(
    search_corpus, member
):
    client = _client(member)
    assert "Endings with clients" in _results(client, "endings")
    move_topic(
        actor=search_corpus["author"],
        topic=search_corpus["visible"].topic,
        to_community=search_corpus["closed_community"],
    )
    # No tasks run: the index still says "open community", the page's final check says no.
    found = _results(client, "endings") + _suggestions(client, "endin")
    assert "Endings with clients" not in found


def test_a_member_who_leaves_the_closed_community_no_longer_finds_it(search_corpus):
    from practica.communities.services.membership import leave_community

    insider = search_corpus["insider"]
    client = _client(insider)
    assert "zanzibarclosed" in _results(client, "zanzibarclosed")
    leave_community(user=insider, community=search_corpus["closed_community"])
    assert "zanzibarclosed" not in _results(client, "zanzibarclosed")


def test_a_confidential_community_shows_titles_only(search_corpus):
    SearchPolicy.objects.create(community=search_corpus["closed_community"], confidential=True)
    client = _client(search_corpus["insider"])
    page = _results(client, "quetzalclosedreply")
    assert "A zanzibarclosed case" in page  # the title of the reply's topic
    assert "quetzalclosedreply" not in page
    assert "<mark>" not in page
    library = _results(client, "xylophoneclosedlibrary", tab="library")
    assert "Closed guide" in library and "xylophoneclosedlibrary" not in library


def test_filtering_by_a_closed_community_does_not_reach_into_it(search_corpus, member):
    page = _results(_client(member), "supervision", community=search_corpus["closed_community"].pk)
    assert "zanzibarclosed" not in page and "quetzalclosedreply" not in page


def test_a_click_link_to_something_the_reader_may_not_open_is_a_404(search_corpus, member):
    from practica.search.views import _click_url

    client = _client(member)
    closed_post = search_corpus["closed_topic"]
    assert client.get(_click_url(0, "post", closed_post.pk)).status_code == 404
    assert client.get(_click_url(0, "post", search_corpus["hidden"].pk)).status_code == 404
    assert client.get("/search/open/?r=forged").status_code == 404
    response = client.get(_click_url(0, "post", search_corpus["visible"].pk))
    assert response.status_code == 302 and response["Location"] == f"/posts/{search_corpus['visible'].pk}/"
