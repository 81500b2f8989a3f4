from django.core.checks import Error, Tags, Warning, register
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


@register(Tags.files)
def check_file_offload_storage(app_configs, **kwargs):
    """Refuse FILE_OFFLOAD with storage that has no local files: the web server would find nothing to send."""
    from django.conf import settings
    from django.core.files.storage import storages

    from practica.core.uploads import OFFLOAD_MODES, storage_has_local_files

    offload = getattr(settings, "FILE_OFFLOAD", "none")
    if offload not in OFFLOAD_MODES or storage_has_local_files(storages["default"]):
        return []
    return [
        Error(
            f"FILE_OFFLOAD={offload} needs files on this machine's disk, but MEDIA_STORAGE keeps them elsewhere "
            f"(MEDIA_STORAGE={getattr(settings, 'MEDIA_STORAGE', '?')}).",
            hint="Set FILE_OFFLOAD=none with S3-compatible storage: Django then streams each file after checking "
            "the reader may have it (see docs/operations/configuration.md).",
            id="practica.E001",
        )
    ]
