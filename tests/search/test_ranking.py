"""Relevance: the title counts over the body, likes lift a post, an accepted answer lifts its question; and the
other sort orders."""

import pytest

from practica.discussions.services.engagement import toggle_like
from practica.discussions.services.posting import accept_answer, reply, start_topic
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def place(db, member):
    community = CommunityFactory(name="Open Practice")
    author = UserFactory(display_name="Alex Author")
    add_member(community, author)
    add_member(community, member)
    likers = [UserFactory() for _ in range(3)]
    for person in likers:
        add_member(community, person)
    return {"community": community, "author": author, "likers": likers}


def _order(client, q, **params) -> list[str]:
    page = client.get("/search/", {"q": q, **params}, **HTMX).content.decode()
    return [line.split(">", 2)[2].split("<")[0] for line in page.splitlines() if "<h3><a href=" in line]


def test_a_title_match_outranks_a_body_match(place, member_client):
    start_topic(
        author=place["author"], community=place["community"], title="Notes from Tuesday", body="On mindfulness."
    )
    start_topic(author=place["author"], community=place["community"], title="Mindfulness", body="Notes from Tuesday.")
    run_pending_tasks()
    assert _order(member_client, "mindfulness") == ["Mindfulness", "Notes from Tuesday"]


def test_a_liked_post_outranks_an_equal_unliked_one(place, member_client):
    first = start_topic(author=place["author"], community=place["community"], title="Grief work A", body="Same words.")
    second = start_topic(author=place["author"], community=place["community"], title="Grief work B", body="Same words.")
    run_pending_tasks()
    assert _order(member_client, "grief")[0] == "Grief work B"  # newer first when all else is equal
    for person in place["likers"]:
        toggle_like(user=person, post=first.post)
    run_pending_tasks()
    assert _order(member_client, "grief") == ["Grief work A", "Grief work B"]
    page = member_client.get("/search/", {"q": "grief"}, **HTMX).content.decode()
    assert "matched title · 3 likes" in page
    del second


def test_an_answered_question_outranks_an_unanswered_one_and_says_so(place, member_client):
    answered = start_topic(
        author=place["author"], community=place["community"], title="Note keeping?", body="How?", kind="question"
    ).post.topic
    start_topic(
        author=place["author"], community=place["community"], title="Note keeping!", body="How?", kind="question"
    )
    answer = reply(author=place["likers"][0], topic=answered, body="Keep them brief.").post
    accept_answer(actor=place["author"], post=answer, topic=answered)
    run_pending_tasks()
    assert _order(member_client, "note keeping")[0] == "Note keeping?"
    only = _order(member_client, "keeping", answered="on")
    assert "Note keeping!" not in only and "Note keeping?" in only


def test_newest_and_most_liked_orders(place, member_client):
    old = start_topic(author=place["author"], community=place["community"], title="Burnout one", body="x").post
    start_topic(author=place["author"], community=place["community"], title="Burnout two", body="x")
    toggle_like(user=place["likers"][0], post=old)
    run_pending_tasks()
    assert _order(member_client, "burnout", sort="newest") == ["Burnout two", "Burnout one"]
    assert _order(member_client, "burnout", sort="liked") == ["Burnout one", "Burnout two"]


def test_filters_by_type_tag_author_and_community(place, member_client):
    other = CommunityFactory(name="Elsewhere")
    add_member(other, place["author"])
    start_topic(
        author=place["author"],
        community=place["community"],
        title="Trauma question",
        body="x",
        kind="question",
        tags=["trauma"],
    )
    start_topic(author=place["author"], community=other, title="Trauma discussion", body="x")
    writer = UserFactory(display_name="Pat Poster")
    add_member(place["community"], writer)
    start_topic(author=writer, community=place["community"], title="Trauma by Pat", body="x")
    run_pending_tasks()
    assert _order(member_client, "trauma", type="question") == ["Trauma question"]
    assert _order(member_client, "trauma", tag="Trauma") == ["Trauma question"]
    assert _order(member_client, "trauma", author="pat") == ["Trauma by Pat"]
    assert sorted(_order(member_client, "trauma", community=other.pk)) == ["Trauma discussion"]


def test_past_the_count_cap_only_the_newest_candidates_are_ranked_and_newest_first_is_unchanged(
    place, member_client, monkeypatch
):
    from practica.search import queries
    from practica.search.ranking import RANKING

    # A small site standing for a large one: the count stops at 2 and 3 candidates are ranked.
    monkeypatch.setattr(queries, "MAX_RESULTS", 2)
    monkeypatch.setitem(RANKING, "CANDIDATES", 3)
    oldest = start_topic(author=place["author"], community=place["community"], title="Ethics", body="Ethics.")
    for letter in "BCDE":
        start_topic(author=place["author"], community=place["community"], title=f"Ethics {letter}", body="Other.")
    for person in place["likers"]:
        toggle_like(user=person, post=oldest.post)
    run_pending_tasks()

    by_relevance = _order(member_client, "ethics")
    by_date = _order(member_client, "ethics", sort="newest")

    # The oldest match has the best title and the most likes, but it is outside the three newest matches.
    assert "Ethics" not in by_relevance and set(by_relevance) <= {"Ethics C", "Ethics D", "Ethics E"}
    assert by_date[:2] == ["Ethics E", "Ethics D"]
