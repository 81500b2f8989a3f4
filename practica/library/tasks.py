"""Periodic upkeep for the library: stored files that nothing refers to any more."""

from datetime import timedelta

from django.tasks import task

from practica.core.scheduler import periodic
from practica.library.services.cleanup import remove_orphan_files


@periodic("library.remove-orphan-files", every=timedelta(hours=6))
@task()
def remove_orphans() -> int:
    """An interrupted upload or a rolled-back transaction leaves a file without a version: delete it after a day."""
    return remove_orphan_files()
