"""Which matches a query ranks (ranking.py, "CANDIDATES"): the newest in the reader's scope, on every backend,
and on PostgreSQL the same whichever of its ways to them (a walk of the newest ids, a further walk, the GIN
index) the measured density chooses."""

import pytest
from django.db import connection

from practica.discussions.services.engagement import toggle_like
from practica.discussions.services.posting import reply, start_topic
from practica.search.backends import Filters, get_backend
from practica.search.backends import postgresql as pg
from practica.search.models import SearchDocument
from practica.search.parsing import parse_query
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own candidate search")

HTMX = {"HTTP_HX_REQUEST": "true"}
HUGE = 10**9

# Oldest first: (community, author, body). Matches of "kestrel" sit among posts that miss it and among posts of a
# community outside the reader's scope, so a wrong walk window, filter or scope shows up as a wrong id.
POSTS = [
    ("scope", 0, "kestrel hovers over the meadow"),
    ("scope", 1, "heron waits by the river"),
    ("other", 0, "kestrel hovers over the other meadow"),
    ("scope", 1, "kestrel and heron share the marsh"),
    ("scope", 0, "heron hovers beside one kestrel"),
    ("scope", 1, "kestrel hovers at dusk"),
    ("scope", 0, "nothing seen today"),
    ("other", 1, "kestrel nests elsewhere"),
    ("scope", 1, "kestrel nests in the barn"),
    ("scope", 0, "kestrel hovers above the hedge"),
    ("scope", 1, "heron and kestrel again"),
    ("scope", 0, "rain all day"),
    ("scope", 1, "kestrel hovers in the wind"),
    ("other", 0, "kestrel hovers beyond reach"),
    ("scope", 0, "kestrel calls twice"),
    ("scope", 1, "heron fishing"),
    ("scope", 0, "kestrel hovers once more"),
    ("other", 1, "kestrel hovers last of all"),
]

# (query, whether a document's lower-case text matches it, only the second author's posts), checked in Python.
QUERIES = [
    ("kestrel", lambda text: "kestrel" in text.split(), False),
    ("kestrel -heron", lambda text: "kestrel" in text.split() and "heron" not in text.split(), False),
    ('"kestrel hovers"', lambda text: "kestrel hovers" in text, False),
    ("kestrel", lambda text: "kestrel" in text.split(), True),
]


@pytest.fixture
def corpus(db):
    scope, other = CommunityFactory(name="Birdwatchers"), CommunityFactory(name="Elsewhere")
    authors = [UserFactory(display_name="Ann Author"), UserFactory(display_name="Ben Writer")]
    topics = {}
    for key, community in {"scope": scope, "other": other}.items():
        for author in authors:
            add_member(community, author)
        topics[key] = start_topic(author=authors[0], community=community, title="Field notes", body="Opening.")
    for where, author, body in POSTS:
        reply(author=authors[author], topic=topics[where].post.topic, body=body)
        # Indexed one by one, so the documents' ids (the order the backends walk) follow the posts' order.
        run_pending_tasks()
    return {"scope": scope, "authors": authors}


def newest_matching(corpus, matches, *, second_author=False) -> list[int]:
    """The ids of the documents in scope that match, newest first, read from the rows and not the engine."""
    documents = SearchDocument.objects.filter(kind="post", community_id=corpus["scope"].pk).order_by("-id")
    if second_author:
        documents = documents.filter(author_id=corpus["authors"][1].pk)
    return [document.pk for document in documents if matches(f"{document.title} {document.body}".lower())]


def scope_filters(corpus, *, second_author=False) -> Filters:
    filters = Filters(kind="post", community_ids=[corpus["scope"].pk])
    if second_author:
        filters.author_ids = [corpus["authors"][1].pk]
    return filters


def assert_ranks_the_newest(candidates, newest, limit):
    if connection.vendor == "postgresql":
        # Scored as they were found: exactly the newest `limit`, newest first.
        assert candidates.floor is None
        assert [row[0] for row in candidates.scored] == newest[:limit]
    else:
        # Every match from the limit-th newest up is ranked; no floor when fewer than `limit` match.
        assert candidates.scored is None
        assert candidates.floor == (newest[limit - 1] if len(newest) >= limit else None)


def test_candidates_are_the_newest_matches_in_scope_counted_up_to_the_cap(corpus):
    parsed, filters = parse_query("kestrel"), scope_filters(corpus)
    newest = newest_matching(corpus, QUERIES[0][1])
    assert len(newest) == 10  # and four more in the community outside the scope

    # The cap stays at or below the limit, as MAX_RESULTS does below CANDIDATES (ranking.py): above it, PostgreSQL
    # counts only the candidates it found and SQLite every match up to the cap.
    capped = get_backend().candidates(parsed, filters, cap=4, limit=6)
    assert capped.count == 4
    assert_ranks_the_newest(capped, newest, 6)

    every = get_backend().candidates(parsed, filters, cap=50, limit=50)
    assert every.count == 10
    assert_ranks_the_newest(every, newest, 50)

    nothing = get_backend().candidates(parse_query("ptarmigan"), filters, cap=4, limit=6)
    assert nothing.count == 0 and nothing.floor is None and not nothing.scored


def force_paths(monkeypatch, *, walk_ids, further_ids):
    monkeypatch.setattr(pg, "WALK_IDS", walk_ids)
    monkeypatch.setattr(pg, "WALK_FURTHER_IDS", further_ids)


@pytest.fixture
def paths_taken(monkeypatch):
    """The PostgreSQL backend's steps, in order, so each setting is seen to reach the path it stands for."""
    taken, walk, from_index = [], pg.PostgreSQLBackend._walk, pg.PostgreSQLBackend._from_index

    def spied_walk(self, *args, **kwargs):
        taken.append("walk")
        return walk(self, *args, **kwargs)

    def spied_from_index(self, *args, **kwargs):
        taken.append("index" if kwargs["above"] is None else "index in a window")
        return from_index(self, *args, **kwargs)

    monkeypatch.setattr(pg.PostgreSQLBackend, "_walk", spied_walk)
    monkeypatch.setattr(pg.PostgreSQLBackend, "_from_index", spied_from_index)
    return taken


@postgresql_only
@pytest.mark.parametrize(
    ("walk_ids", "further_ids", "paths"),
    [
        pytest.param(HUGE, HUGE, {"walk"}, id="one-walk"),
        pytest.param(2, HUGE, {"walk"}, id="walk-then-further-walk"),
        pytest.param(2, 0, {"walk", "index in a window", "index"}, id="walk-then-index"),
        # The first walk covers no id, so nothing is measured and the index reads everything.
        pytest.param(0, 0, {"walk", "index"}, id="index-only"),
    ],
)
def test_every_postgresql_path_finds_the_same_newest_matches(
    corpus, monkeypatch, paths_taken, walk_ids, further_ids, paths
):
    force_paths(monkeypatch, walk_ids=walk_ids, further_ids=further_ids)
    for text, matches, second_author in QUERIES:
        newest = newest_matching(corpus, matches, second_author=second_author)
        filters = scope_filters(corpus, second_author=second_author)
        candidates = get_backend().candidates(parse_query(text), filters, cap=5, limit=5)
        assert [row[0] for row in candidates.scored] == newest[:5], text
        assert candidates.count == min(len(newest), 5), text
    assert set(paths_taken) == paths
    if walk_ids == 2 and further_ids == HUGE:
        assert paths_taken.count("walk") > len(QUERIES)  # a second walk ran


@postgresql_only
def test_the_index_path_leaves_the_planner_settings_as_they_were(corpus, monkeypatch, paths_taken):
    force_paths(monkeypatch, walk_ids=0, further_ids=0)
    # The test runs in one transaction, as a request may: SET LOCAL alone would hold until its end.
    assert connection.in_atomic_block
    get_backend().candidates(parse_query("kestrel"), scope_filters(corpus), cap=5, limit=5)
    assert "index" in paths_taken
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_indexscan")
        assert cursor.fetchone()[0] == "on"
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


def titles_in_order(client, q, **params) -> list[str]:
    page = client.get("/search/", {"q": q, **params}, **HTMX).content.decode()
    return [line.split(">", 2)[2].split("<")[0] for line in page.splitlines() if "<h3><a href=" in line]


def test_each_order_pages_through_the_newest_candidates(db, member, member_client, monkeypatch):
    from practica.search import queries
    from practica.search.ranking import RANKING

    # A small site standing for a large one: three results counted, the four newest matches ranked, and on
    # PostgreSQL the candidates found through the index after a one-id walk.
    monkeypatch.setattr(queries, "MAX_RESULTS", 3)
    monkeypatch.setitem(RANKING, "CANDIDATES", 4)
    force_paths(monkeypatch, walk_ids=1, further_ids=0)
    community, author, liker = CommunityFactory(name="Birdwatchers"), UserFactory(), UserFactory()
    for person in (author, liker, member):
        add_member(community, person)
    topics = {
        name: start_topic(author=author, community=community, title=f"Kestrel {name}", body="Seen today.").post
        for name in ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
    }
    # Alpha is liked most but is older than the four newest matches; charlie is liked and among them.
    toggle_like(user=liker, post=topics["alpha"])
    toggle_like(user=member, post=topics["alpha"])
    toggle_like(user=liker, post=topics["charlie"])
    run_pending_tasks()

    assert titles_in_order(member_client, "kestrel", sort="newest") == [
        "Kestrel foxtrot",
        "Kestrel echo",
        "Kestrel delta",
    ]
    assert titles_in_order(member_client, "kestrel", sort="liked") == [
        "Kestrel charlie",
        "Kestrel foxtrot",
        "Kestrel echo",
    ]
    assert titles_in_order(member_client, "kestrel") == ["Kestrel charlie", "Kestrel foxtrot", "Kestrel echo"]
