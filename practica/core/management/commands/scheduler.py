import threading

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from practica.core.management.commands.worker import run_periodic_loop


class Command(BaseCommand):
    help = "Enqueue periodic jobs when they fall due, without running tasks (for deployments that want one)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30.0)

    def handle(self, *args, **options):
        stop = threading.Event()
        try:
            run_periodic_loop(
                worker_id=f"scheduler-{get_random_string(20)}",
                interval=options["interval"],
                stop=stop,
                schedule=True,
                heartbeat=False,
            )
        except KeyboardInterrupt:
            stop.set()
