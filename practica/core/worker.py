"""Liveness of the task workers: heartbeats written by `practica worker`, read by checks and staff pages."""

import os
import socket
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from practica.core.models import WorkerHeartbeat


def record_heartbeat(*, worker_id: str, started_at: datetime) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen_at": now,
        },
    )
    # Forget workers that have been gone for a day, so the table stays small.
    WorkerHeartbeat.objects.filter(last_seen_at__lt=now - settings.WORKER_STALE_AFTER * 288).delete()


def forget_worker(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def waiting_task_count() -> int:
    return DBTaskResult.objects.ready().count()


def worker_seen_recently() -> bool:
    cutoff = timezone.now() - settings.WORKER_STALE_AFTER
    return WorkerHeartbeat.objects.filter(last_seen_at__gte=cutoff).exists()


def tasks_are_stuck() -> bool:
    """True when work is waiting and no worker has been seen for a few minutes: nothing will run it."""
    return not worker_seen_recently() and waiting_task_count() > 0
