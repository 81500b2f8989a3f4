"""Fan-out of a new post to a community's watchers: what the author waits for, and what the worker does.

    .venv/bin/python bench/fanout.py                  # 1,000 and 10,000 watchers (about a minute on SQLite)
    .venv/bin/python bench/fanout.py --watchers 1000  # one size only

Works in a throwaway SQLite database of its own (or the PostgreSQL one DATABASE_URL names: it is migrated and
filled, so give it a database of its own). For each size it reports the reply's time and queries as the author
sees them (the post is written and the event stored: the same with 0 watchers as with 10,000), then runs the
worker's fan-out batch by batch: total time, batches, queries per batch (the largest), and notifications
created. Results go to bench/results/fanout-<UTC timestamp>.json and bench/results/fanout-latest.json.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="practica-fanout-")
os.environ.setdefault("PRACTICA_VAR_DIR", _tmp)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/fanout.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practica.settings")
os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from practica.accounts.models import User  # noqa: E402
from practica.communities.models import Community, CommunityMember  # noqa: E402
from practica.discussions.services.posting import reply, start_topic  # noqa: E402
from practica.notifications.choices import WatchLevel  # noqa: E402
from practica.notifications.models import CommunityWatch, Notification  # noqa: E402
from practica.notifications.services import activity  # noqa: E402

SIZES = (1_000, 10_000)


def _community(name: str, watchers: int, run: str):
    community = Community.objects.create(name=name, short_description="Bench", membership="open")
    author = User.objects.create(email=f"author-{run}-{name}@bench.example", display_name="Bench Author")
    CommunityMember.objects.create(community=community, user=author)
    users = User.objects.bulk_create(
        User(email=f"w{i}-{run}-{name}@bench.example", display_name=f"Watcher {i}", handle=f"w{i}-{run}-{name}"[:40])
        for i in range(watchers)
    )
    CommunityWatch.objects.bulk_create(
        (CommunityWatch(user=user, community=community, level=WatchLevel.WATCHING) for user in users), batch_size=1000
    )
    topic = start_topic(author=author, community=community, title="A benchmark topic", body="First.").post.topic
    return community, author, topic


def _reply_cost(author, topic) -> tuple[float, int, object]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        post = reply(author=author, topic=topic, body="A reply everyone watching hears about.").post
        elapsed = time.perf_counter() - started
    return elapsed * 1000, len(queries.captured_queries), post


def measure(watchers: int, run: str) -> dict:
    _quiet, quiet_author, quiet_topic = _community(f"quiet-{watchers}", 0, run)
    _busy, busy_author, busy_topic = _community(f"busy-{watchers}", watchers, run)
    quiet_ms, quiet_queries, _post = _reply_cost(quiet_author, quiet_topic)
    busy_ms, busy_queries, post = _reply_cost(busy_author, busy_topic)
    before = Notification.objects.count()
    cursor, batches, per_batch = 0, 0, []
    started = time.perf_counter()
    while cursor is not None:
        with CaptureQueriesContext(connection) as queries:
            cursor = activity.fan_out_batch(post.pk, cursor)
        per_batch.append(len(queries.captured_queries))
        batches += 1
    fan_out_ms = (time.perf_counter() - started) * 1000
    return {
        "watchers": watchers,
        "reply_ms_no_watchers": round(quiet_ms, 1),
        "reply_queries_no_watchers": quiet_queries,
        "reply_ms_with_watchers": round(busy_ms, 1),
        "reply_queries_with_watchers": busy_queries,
        "fan_out_ms": round(fan_out_ms, 1),
        "fan_out_batches": batches,
        "batch_size": activity.FAN_OUT_BATCH,
        "max_queries_per_batch": max(per_batch),
        "total_fan_out_queries": sum(per_batch),
        "notifications_created": Notification.objects.count() - before,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--watchers", type=int, action="append", help="watcher count (repeatable)")
    args = parser.parse_args()
    settings_db = connection.settings_dict
    call_command("migrate", verbosity=0)
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    rows = [measure(size, run) for size in (args.watchers or SIZES)]
    report = {
        "benchmark": "fanout",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": settings_db["ENGINE"].rsplit(".", 1)[-1],
        "results": rows,
    }
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    for name in (f"fanout-{run}.json", "fanout-latest.json"):
        (results / name).write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"{'watchers':>9} {'reply ms (0 / N)':>18} {'reply queries':>14} "
        f"{'fan-out ms':>11} {'batches':>8} {'max q/batch':>12}"
    )
    for row in rows:
        print(
            f"{row['watchers']:>9,} {row['reply_ms_no_watchers']:>8} / {row['reply_ms_with_watchers']:<7} "
            f"{row['reply_queries_no_watchers']:>6} / {row['reply_queries_with_watchers']:<5} {row['fan_out_ms']:>11} "
            f"{row['fan_out_batches']:>8} {row['max_queries_per_batch']:>12}"
        )
    print(f"written to {results / f'fanout-{run}.json'}")


if __name__ == "__main__":
    main()
