"""Periodic work (digests, reminders, roll-ups) for a framework that has no scheduler of its own.

Apps declare jobs with `@periodic("name", every=timedelta(hours=1))` on a task. Every `practica worker` runs
`tick()` in its periodic loop (and `practica scheduler` can run it alone); each due job is claimed with a
conditional UPDATE, so however many workers tick at once, a job is enqueued exactly once per period.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.tasks import Task
from django.utils import timezone

from practica.core.models import PeriodicJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicSpec:
    name: str
    every: timedelta
    task: Task


_registry: dict[str, PeriodicSpec] = {}


def periodic(name: str, *, every: timedelta) -> Callable[[Task], Task]:
    """Declare that a task (taking no arguments) should be enqueued every `every`."""

    def register(task_obj: Task) -> Task:
        _registry[name] = PeriodicSpec(name=name, every=every, task=task_obj)
        return task_obj

    return register


def registered_jobs() -> dict[str, PeriodicSpec]:
    return dict(_registry)


def tick(now: datetime | None = None) -> list[str]:
    """Enqueue every job that is due; return the names enqueued by this call."""
    now = now or timezone.now()
    enqueued = []
    for spec in _registry.values():
        job, _created = PeriodicJob.objects.get_or_create(name=spec.name, defaults={"next_run_at": now})
        if job.next_run_at > now:
            continue
        with transaction.atomic():
            # Only the scheduler whose UPDATE matches the old due time wins the run.
            claimed = PeriodicJob.objects.filter(pk=job.pk, next_run_at=job.next_run_at).update(
                next_run_at=now + spec.every, last_enqueued_at=now
            )
            if claimed:
                spec.task.enqueue()
                enqueued.append(spec.name)
    if enqueued:
        logger.info("scheduler enqueued %s", ", ".join(enqueued))
    return enqueued
