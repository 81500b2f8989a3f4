"""Search benchmark: search latency (p50/p95) for 50 fixed queries, index build time and index size.

    .venv/bin/python bench/search.py --tier M                          SQLite, 100,000 posts
    .venv/bin/python bench/search.py --tier M --database-url postgres://postgres@127.0.0.1:5432/search_bench
    .venv/bin/python bench/search.py --tier L ...                      1,000,000 posts (long: see bench/README.md)

It seeds an empty database with `practica bench-seed` (bench/seed.py), then adds what search needs and the
generator lacks: a vocabulary (each post gets three more words drawn from a long-tailed list of practice words
and rare words, so "common" and "rare" mean something) and a reader who belongs to ten communities (three of
them closed). It rebuilds the index with `practica search-rebuild`'s function (timed), measures its size, and
runs each query through practica.search.queries.search — the same code as the results page, with the reader's
visibility checks and snippets — after one warm-up, REPEATS times. Results go to bench/results/search-*.json.
A SQLite database file lives under var/bench/; a PostgreSQL database named in the URL is created if missing.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 5
VOCABULARY_SEED = 8

_COMMON_TEXT = """
client session supervision therapy counselling practice feelings anxiety grief trauma ending contract online
boundaries assessment referral relationship reflection training ethics notes risk safeguarding family work
"""
COMMON_WORDS = _COMMON_TEXT.split()
RARE_WORDS = [f"rareterm{index:04d}" for index in range(3000)]

# The 50 queries: (category, text, extra filters).
QUERIES: list[tuple[str, str, dict]] = (
    [
        ("common", word, {})
        for word in [
            "supervision",
            "client",
            "endings",
            "online",
            "notes",
            "therapy",
            "grief",
            "anxiety",
            "training",
            "trauma",
            "contract",
            "reflection",
        ]
    ]
    + [
        ("common-pair", text, {})
        for text in [
            "client supervision",
            "online contract",
            "grief therapy",
            "trauma training",
            "risk assessment",
            "family work",
        ]
    ]
    + [
        ("rare", word, {})
        for word in [
            "rareterm0007",
            "rareterm0150",
            "rareterm0999",
            "rareterm2024",
            "rareterm2900",
            "interpreter",
            "checkpoint",
            "luxury",
            "rupture",
            "template",
        ]
    ]
    + [
        ("phrase", text, {})
        for text in [
            '"connection drops"',
            '"natural checkpoint"',
            '"process notes"',
            '"own part in the rupture"',
            '"self-care is not a luxury"',
            '"clear plan"',
            '"session six"',
            '"really helpful"',
        ]
    ]
    + [
        ("exclude", text, {})
        for text in ["supervision -rupture", "online -connection", "notes -clinical", "client -rareterm0001"]
    ]
    + [
        ("filter", "supervision", {"sort": "newest"}),
        ("filter", "supervision", {"sort": "liked"}),
        ("filter", "client", {"subtype": "question"}),
        ("filter", "endings", {"answered_only": True}),
        ("filter", "therapy", {"since": date(2025, 6, 1)}),
        ("filter", "notes", {"community": True}),
        ("filter", "grief", {"author": "Bench Member 1"}),
        ("filter", "online", {"tab": "library"}),
        ("suggest", "supervis", {}),
        ("suggest", "bench topic 12", {}),
    ]
)
assert len(QUERIES) == 50, len(QUERIES)


def _say(message: str) -> None:
    print(f"[bench-search] {message}", file=sys.stderr, flush=True)


def _environment(database_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "practica.settings"}


def _prepare_database(database_url: str, tier: str) -> None:
    if database_url.startswith("postgres"):
        name = database_url.rsplit("/", 1)[1]
        server = database_url.rsplit("/", 1)[0] + "/postgres"
        import psycopg

        with psycopg.connect(server, autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
    env = _environment(database_url)
    practica = [sys.executable, "-m", "practica.cli"]
    subprocess.run([*practica, "migrate", "--verbosity", "0"], check=True, env=env, cwd=ROOT)
    seeded = (
        subprocess.run(
            [*practica, "shell", "-c", "from practica.discussions.models import Post; print(Post.objects.count())"],
            check=True,
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    if seeded == "0":
        _say(f"seeding tier {tier} (bench/seed.py)")
        subprocess.run([*practica, "bench-seed", "--tier", tier], check=True, env=env, cwd=ROOT)


def _zipf_word(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return COMMON_WORDS[min(int(rng.paretovariate(1.1)) - 1, len(COMMON_WORDS) - 1)]
    return RARE_WORDS[min(int(rng.paretovariate(0.6)) - 1, len(RARE_WORDS) - 1)]


def _add_vocabulary() -> int:
    """Three more words per post, once (the generator's ten phrases make every word common)."""
    from django.db import connection, transaction

    from practica.discussions.models import Post

    if Post.objects.filter(body_html__contains="bench-vocabulary").exists():
        return 0
    rng = random.Random(VOCABULARY_SEED)
    updated, last = 0, 0
    while True:
        rows = list(Post.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "body_html")[:20_000])
        if not rows:
            break
        last = rows[-1][0]
        changes = [
            (html + '<p class="bench-vocabulary">' + " ".join(_zipf_word(rng) for _ in range(3)) + "</p>", pk)
            for pk, html in rows
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany("UPDATE discussions_post SET body_html = %s WHERE id = %s", changes)
        updated += len(changes)
    return updated


def _reader():
    """A member of ten communities, three of them closed (the issue's reader)."""
    from practica.accounts.models import User
    from practica.communities.models import Community, CommunityMember

    reader = User.objects.get(email="member1@bench.example")
    closed = list(Community.objects.filter(membership="closed").order_by("pk")[:3])
    open_ones = list(Community.objects.filter(membership="open").order_by("pk")[:10])
    for community in closed + open_ones:
        if CommunityMember.objects.filter(user=reader).count() >= 10:
            break
        CommunityMember.objects.get_or_create(community=community, user=reader)
    return reader


def _index_size(vendor: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('search_searchdocument')")
            return cursor.fetchone()[0]
        try:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_fts%' OR name LIKE 'search_searchdocument%'"
                " OR name LIKE 'sqlite_autoindex_search_searchdocument%' OR name LIKE 'search_sear%'"
            )
            return cursor.fetchone()[0] or 0
        except Exception:
            return -1


def _criteria(text: str, extra: dict, reader):
    from practica.communities.models import Community
    from practica.search.parsing import parse_query
    from practica.search.queries import SearchCriteria

    extra = dict(extra)
    if extra.pop("community", False):
        extra["community"] = Community.objects.filter(memberships__user=reader).order_by("pk").first()
    return SearchCriteria(parsed=parse_query(text), **extra)


def _exact_agreement(reader, criteria) -> float | None:
    """Of the first page ranked among the newest candidates, the share that ranking every match also shows
    on its first page (None when the query never reached the candidate limit)."""
    from practica.search import queries
    from practica.search.ranking import RANKING

    windowed = [result.pk for result in queries.search(reader, criteria).results]
    limit = RANKING["CANDIDATES"]
    RANKING["CANDIDATES"] = 10**12
    try:
        exact = [result.pk for result in queries.search(reader, criteria).results]
    finally:
        RANKING["CANDIDATES"] = limit
    if not exact:
        return None
    return round(len(set(windowed) & set(exact)) / len(exact), 2)


def _run_queries(reader, *, compare_exact: bool) -> list[dict]:
    from practica.search import queries
    from practica.search.parsing import parse_query

    measured = []
    for category, text, extra in QUERIES:
        if category == "suggest":
            call = lambda text=text: queries.suggest(reader, parse_query(text))  # noqa: E731
        else:
            criteria = _criteria(text, extra, reader)
            call = lambda criteria=criteria: queries.search(reader, criteria)  # noqa: E731
        found = call()
        timings = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
        total = getattr(found, "total", None)
        agreement = None
        if compare_exact and category != "suggest" and total is not None and total >= queries.MAX_RESULTS:
            agreement = _exact_agreement(reader, criteria)
        measured.append(
            {
                "category": category,
                "query": text,
                "filters": {k: str(v) for k, v in extra.items()},
                "results": total,
                "ms": [round(t, 2) for t in timings],
                "first_page_same_as_exact": agreement,
            }
        )
    return measured


def _percentile(values: list[float], percentile: int) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(percentile / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[index], 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", choices=["S", "M", "L"], default="M")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--skip-rebuild", action="store_true", help="measure the index as it is")
    parser.add_argument(
        "--candidates",
        type=int,
        default=0,
        help="how many of the newest matches are ranked (ranking.RANKING['CANDIDATES']); 0 keeps the default",
    )
    parser.add_argument(
        "--no-compare-exact",
        action="store_true",
        help="skip comparing each capped query's first page with ranking every match",
    )
    options = parser.parse_args(argv)
    database_url = options.database_url or f"sqlite:///{ROOT / 'var' / 'bench' / f'search-{options.tier}.sqlite3'}"
    if database_url.startswith("sqlite"):
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    _prepare_database(database_url, options.tier)
    os.environ.update(_environment(database_url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from practica.discussions.models import Post
    from practica.search.indexing import rebuild
    from practica.search.models import SearchDocument
    from practica.search.ranking import RANKING

    if options.candidates:
        RANKING["CANDIDATES"] = options.candidates
    vendor = connection.vendor
    _say(f"{vendor}: adding the vocabulary")
    _add_vocabulary()
    reader = _reader()
    build = None
    if not options.skip_rebuild or not SearchDocument.objects.exists():
        _say("rebuilding the index")
        started = time.perf_counter()
        counts = rebuild()
        build = round(time.perf_counter() - started, 1)
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                # The rebuild deleted the previous index's rows: compact, so the size measured is the index's own.
                cursor.execute("VACUUM FULL ANALYZE search_searchdocument")
        _say(f"indexed {counts['posts']} posts in {build} s")
    size = _index_size(vendor)
    _say("running the 50 queries")
    measured = _run_queries(reader, compare_exact=not options.no_compare_exact)
    agreements = [row["first_page_same_as_exact"] for row in measured if row["first_page_same_as_exact"] is not None]
    every = [t for row in measured for t in row["ms"]]
    by_category = {}
    for row in measured:
        by_category.setdefault(row["category"], []).extend(row["ms"])
    summary = {
        "database": vendor,
        "tier": options.tier,
        "posts": Post.objects.count(),
        "documents": SearchDocument.objects.count(),
        "reader_communities": reader.community_memberships.count()
        if hasattr(reader, "community_memberships")
        else None,
        "index_build_seconds": build,
        "index_size_bytes": size,
        "candidates": RANKING["CANDIDATES"],
        "first_page_same_as_exact_mean": round(sum(agreements) / len(agreements), 2) if agreements else None,
        "p50_ms": _percentile(every, 50),
        "p95_ms": _percentile(every, 95),
        "by_category": {
            name: {"p50_ms": _percentile(values, 50), "p95_ms": _percentile(values, 95)}
            for name, values in by_category.items()
        },
        "queries": measured,
        "when": datetime.now().isoformat(timespec="seconds"),
    }
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    path = results / f"search-{vendor}-{options.tier}-{stamp}.json"
    path.write_text(json.dumps(summary, indent=2))
    (results / f"search-{vendor}-{options.tier}-latest.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps({k: v for k, v in summary.items() if k != "queries"}, indent=2))
    _say(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
