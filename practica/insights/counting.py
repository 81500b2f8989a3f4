"""Counting page views in the application, without cookies, scripts or per-member history.

Each routed GET that answers 200 adds one to an in-process tally keyed by (day, community, page kind), and
puts the member's id in an in-process set for that day. Nothing is written during the request: the request
costs a dictionary update under a lock (a few microseconds; bench/rollup.py measures it), and no query, so
every page's query budget is unchanged.

A daemon thread in each web process writes the tallies every INSIGHTS_FLUSH_SECONDS: one upsert per
(day, community, kind) adding to DailyPageViews, and the day's visitors as HMAC hashes under the day's random
salt into DailyVisitor (duplicates ignored). The roll-up counts unique visitors from those hashes and then
deletes them together with the salt, so no record of who visited what survives the day. A process killed
without warning loses at most the last interval's counts; a clean exit flushes them.
"""

import atexit
import hashlib
import hmac
import logging
import secrets
import threading
from collections import Counter
from datetime import date

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from practica.insights.page_kinds import resolve_community_keys

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_views: Counter = Counter()
_visitors: set[tuple[date, int, int, str]] = set()
_flusher: threading.Thread | None = None


def record_view(*, day: date, page_kind: str, user_id: int | None, community_id: int | tuple = 0) -> None:
    """Tally one page view (called by the middleware; no database work). `community_id` may be a key that
    page_kinds.resolve_community_keys turns into a community id when the tallies are written."""
    with _lock:
        _views[(day, community_id, page_kind)] += 1
        if user_id:
            _visitors.add((day, user_id, community_id, page_kind))
    _ensure_flusher()


def _ensure_flusher() -> None:
    global _flusher
    interval = settings.INSIGHTS_FLUSH_SECONDS
    if interval <= 0 or (_flusher is not None and _flusher.is_alive()):
        return
    with _lock:
        if _flusher is not None and _flusher.is_alive():
            return
        _flusher = threading.Thread(target=_flush_forever, args=(interval,), name="insights-flush", daemon=True)
        _flusher.start()


def _flush_forever(interval: int) -> None:
    stop = threading.Event()
    while not stop.wait(interval):
        try:
            flush()
        except Exception:  # A failed flush must never stop counting; the tallies are kept for the next try.
            logger.exception("page view counts could not be written; will retry")
        finally:
            connection.close()


def _take() -> tuple[Counter, set]:
    global _views, _visitors
    with _lock:
        views, visitors = _views, _visitors
        _views, _visitors = Counter(), set()
    return views, visitors


def _give_back(views: Counter, visitors: set) -> None:
    with _lock:
        _views.update(views)
        _visitors.update(visitors)


def salt_for(day: date) -> str:
    from practica.insights.models import DailySalt

    found = DailySalt.objects.filter(day=day).values_list("salt", flat=True).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return DailySalt.objects.create(day=day, salt=secrets.token_hex(32)).salt
    except IntegrityError:  # Another process created it first: use theirs, so the hashes agree.
        return DailySalt.objects.get(day=day).salt


def visitor_hash(salt: str, user_id: int) -> str:
    return hmac.new(salt.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:32]


def flush() -> int:
    """Write the tallies gathered so far; returns the number of views written."""
    from practica.insights.models import DailyPageViews, DailyVisitor

    views, visitors = _take()
    if not views and not visitors:
        return 0
    try:
        communities = resolve_community_keys({key[1] for key in views} | {visit[2] for visit in visitors})
        views = _merge_views(views, communities)
        visitors = {(day, user_id, communities[key], kind) for day, user_id, key, kind in visitors}
        with transaction.atomic():
            table = connection.ops.quote_name(DailyPageViews._meta.db_table)
            # Adds to the stored count whichever process wrote first (SQLite ≥ 3.24 and PostgreSQL). The table
            # name is our own model's, quoted; every value is a bound parameter.
            upsert = (
                f"INSERT INTO {table} (day, community_id, page_kind, views, visitors) VALUES (%s, %s, %s, %s, 0) "  # noqa: S608
                f"ON CONFLICT (day, community_id, page_kind) DO UPDATE SET views = {table}.views + excluded.views"
            )
            with connection.cursor() as cursor:
                cursor.executemany(
                    upsert,
                    [(day, community_id, kind, count) for (day, community_id, kind), count in views.items()],
                )
            salts = {day: salt_for(day) for day in {visit[0] for visit in visitors}}
            DailyVisitor.objects.bulk_create(
                [
                    DailyVisitor(
                        day=day, visitor=visitor_hash(salts[day], user_id), community_id=community_id, page_kind=kind
                    )
                    for day, user_id, community_id, kind in visitors
                ],
                ignore_conflicts=True,
                batch_size=1000,
            )
    except Exception:
        _give_back(views, visitors)
        raise
    return sum(views.values())


def _merge_views(views: Counter, communities: dict) -> Counter:
    merged: Counter = Counter()
    for (day, key, kind), count in views.items():
        merged[(day, communities[key], kind)] += count
    return merged


def discard() -> None:
    """Forget unwritten tallies (tests)."""
    _take()


@atexit.register
def _flush_at_exit() -> None:
    # With the writer turned off (INSIGHTS_FLUSH_SECONDS=0, as the test suite runs) nothing is written at all.
    if settings.INSIGHTS_FLUSH_SECONDS > 0 and (_views or _visitors):
        try:
            flush()
        except Exception:
            logger.exception("page view counts lost at exit")
