"""Background work for the library: pictures' thumbnails, and stored files that nothing refers to any more."""

from datetime import timedelta

from django.tasks import task

from practica.core.scheduler import periodic
from practica.library.services.cleanup import remove_orphan_files


@periodic("library.remove-orphan-files", every=timedelta(hours=6))
@task()
def remove_orphans() -> int:
    """An interrupted upload or a rolled-back transaction leaves a file without a version: delete it after a day."""
    return remove_orphan_files()


@task()
def make_version_thumbnail(version_id: int) -> str:
    """Make the thumbnail of an uploaded picture; enqueued with the version, safe to run twice."""
    from practica.library.services.thumbnails import make_version_thumbnail as make

    return make(version_id=version_id)
