from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def check_worker_running(app_configs, databases=None, **kwargs):
    """Warn when tasks are waiting and no `practica worker` has been seen: e-mails and notifications stall."""
    if not databases:
        return []
    from practica.core.worker import tasks_are_stuck

    try:
        stuck = tasks_are_stuck()
    except DatabaseError:
        return []
    if not stuck:
        return []
    return [
        Warning(
            "Tasks are waiting and no task worker has been seen in the last few minutes.",
            hint="Start one with `practica worker` (see docs/operations/deploying.md).",
            id="practica.W001",
        )
    ]
