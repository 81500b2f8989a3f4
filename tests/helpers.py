"""Test helpers shared by every app's tests."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_pending_tasks(limit: int = 1000) -> int:
    """Run what the task worker would run, in this process: proves work was stored, not done inline."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        pending = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if pending is None:
            break
        pending.claim(worker.worker_id)
        worker.run_task(pending)
        ran += 1
    return ran


@contextmanager
def count_queries():
    with CaptureQueriesContext(connection) as context:
        yield context


def queries_for(client, url: str) -> int:
    """The number of SQL queries one GET of `url` costs, after a warm-up request."""
    client.get(url)
    with count_queries() as context:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(context.captured_queries)
