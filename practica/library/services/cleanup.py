"""Files in storage that no version refers to: left by an interrupted upload or a rolled-back transaction."""

import datetime

from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from practica.library.models import ItemVersion

ORPHAN_AGE = datetime.timedelta(days=1)


def _walk(storage, path: str):
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{path}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}")


def remove_orphan_files(*, prefix: str = "library", now=None, storage=None) -> int:
    """Delete stored files under `prefix` that no ItemVersion refers to and that are older than a day.

    The age keeps an upload in flight safe: its file is written before the row that refers to it commits.
    """
    storage = storage or default_storage
    cutoff = (now or timezone.now()) - ORPHAN_AGE
    removed = 0
    for name in _walk(storage, prefix):
        if ItemVersion.objects.filter(Q(file=name) | Q(thumbnail=name)).exists():
            continue
        try:
            modified = storage.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError):
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified)
        if modified < cutoff:
            storage.delete(name)
            removed += 1
    return removed
