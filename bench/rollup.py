"""The insights roll-up of one day on bench data, and the cost of counting one page view.

    .venv/bin/python bench/rollup.py --tier M        # seeds a fresh SQLite database first
    .venv/bin/python bench/rollup.py --var-dir DIR   # an already seeded PRACTICA_VAR_DIR (e.g. a tier L copy)
    .venv/bin/python bench/rollup.py --database-url URL   # an already seeded database (bench/search.py's, say)

Reports: the busiest day (most posts), the seconds `rollup_day` takes for it (first run, then a re-run that
must give the same numbers), and the microseconds `record_view` adds to a request. Numbers only; nothing fails.
Writes bench/results/rollup-<timestamp>.json and rollup-latest.json.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRACTICA = ROOT / ".venv" / "bin" / "practica"


def seed(var_dir: Path, tier: str, seed_number: int) -> float:
    env = {**os.environ, "PRACTICA_VAR_DIR": str(var_dir)}
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    subprocess.run([str(PRACTICA), "migrate", "--verbosity", "0"], env=env, check=True)
    subprocess.run([str(PRACTICA), "bench-seed", "--tier", tier, "--seed", str(seed_number)], env=env, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", choices=["S", "M", "L"], default="S")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--var-dir", help="use this already seeded PRACTICA_VAR_DIR instead of seeding one")
    parser.add_argument("--database-url", help="use this already seeded database instead of seeding one")
    args = parser.parse_args()

    seeded_here = not (args.var_dir or args.database_url)
    var_dir = Path(args.var_dir) if args.var_dir else Path(tempfile.mkdtemp(prefix="practica-rollup-"))
    if seeded_here:
        print(f"seeding tier {args.tier} into {var_dir} ...", flush=True)
        print(f"seeded in {seed(var_dir, args.tier, args.seed):.0f} s", flush=True)
    os.environ["PRACTICA_VAR_DIR"] = str(var_dir)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practica.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from practica.accounts.models import User
    from practica.discussions.models import Post
    from practica.insights.counting import discard, record_view
    from practica.insights.models import MetricValue
    from practica.insights.services.rollup import rollup_day

    posts = Post.objects.count()
    members = User.objects.count()
    busiest = (
        Post.objects.annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("pk")).order_by("-n").first()
    )
    day, day_posts = busiest["day"], busiest["n"]
    print(f"{members:,} members, {posts:,} posts; busiest day {day} with {day_posts:,} posts")

    started = time.perf_counter()
    first = rollup_day(day)
    first_seconds = time.perf_counter() - started
    rows = sorted(MetricValue.objects.filter(day=day).values_list("metric", "community_id", "value"))
    started = time.perf_counter()
    rollup_day(day)
    second_seconds = time.perf_counter() - started
    same = rows == sorted(MetricValue.objects.filter(day=day).values_list("metric", "community_id", "value"))
    print(f"rollup_day: {first_seconds:.2f} s (re-run {second_seconds:.2f} s, same numbers: {same})")
    print("site-wide: " + ", ".join(f"{key}={value:g}" for key, value in sorted(first.items())))

    calls = 100_000
    started = time.perf_counter()
    for number in range(calls):
        record_view(day=day, page_kind="discussions:topic", user_id=number % 5_000 + 1, community_id=number % 30)
    per_view = (time.perf_counter() - started) / calls * 1e6
    discard()
    print(f"record_view: {per_view:.1f} µs per page view (in memory; no query)")

    from django.db import connection

    summary = {
        "database": connection.vendor,
        "tier": args.tier if seeded_here else None,
        "members": members,
        "posts": posts,
        "busiest_day": day.isoformat(),
        "busiest_day_posts": day_posts,
        "rollup_seconds": round(first_seconds, 2),
        "rerun_seconds": round(second_seconds, 2),
        "rerun_same_numbers": same,
        "record_view_microseconds": round(per_view, 2),
        "site_wide": first,
        "when": datetime.now().isoformat(timespec="seconds"),
    }
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    path = results / f"rollup-{datetime.now().strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(summary, indent=2, default=str))
    (results / "rollup-latest.json").write_text(json.dumps(summary, indent=2, default=str))
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
