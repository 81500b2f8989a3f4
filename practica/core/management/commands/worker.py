import logging
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from practica.core import scheduler
from practica.core.worker import forget_worker, record_heartbeat

logger = logging.getLogger("practica.worker")


def run_periodic_loop(
    *, worker_id: str, interval: float, stop: threading.Event, schedule: bool, heartbeat: bool = True
) -> None:
    """Write this worker's heartbeat and enqueue due periodic jobs, until told to stop."""
    started_at = timezone.now()
    while True:
        try:
            close_old_connections()
            if heartbeat:
                record_heartbeat(worker_id=worker_id, started_at=started_at)
            if schedule:
                scheduler.tick()
        except Exception:  # a database blip must not kill the loop; the next round retries
            logger.exception("periodic loop failed; retrying")
        finally:
            close_old_connections()
        if stop.wait(interval):
            return


class Command(BaseCommand):
    help = "Run a task worker: background tasks, domain events, and the periodic scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--queues", default="*", help="Comma-separated queues to process (default: all).")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds to wait when idle.")
        parser.add_argument("--heartbeat", type=float, default=30.0, help="Seconds between heartbeats.")
        parser.add_argument("--no-scheduler", action="store_true", help="Do not enqueue periodic jobs here.")
        parser.add_argument("--batch", action="store_true", help="Run what is waiting, then exit.")

    def handle(self, *args, **options):
        # One line per task is useful when debugging (-v 2) and noise otherwise.
        quiet = options["verbosity"] < 2
        for name in ("django_tasks_db", "django.tasks", "practica.core.events"):
            logging.getLogger(name).setLevel(logging.WARNING if quiet else logging.INFO)
        worker_id = get_random_string(32)
        stop = threading.Event()
        loop = threading.Thread(
            target=run_periodic_loop,
            kwargs={
                "worker_id": worker_id,
                "interval": options["heartbeat"],
                "stop": stop,
                "schedule": not options["no_scheduler"],
            },
            daemon=True,
            name="practica-periodic",
        )
        loop.start()
        worker = Worker(
            queue_names=options["queues"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not options["batch"],
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.stdout.write(f"Task worker {worker_id[:8]} started.")
        try:
            if not options["batch"]:
                worker.configure_signals()
            worker.run()
        finally:
            stop.set()
            loop.join(timeout=5)
            forget_worker(worker_id)
