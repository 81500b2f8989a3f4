"""An interrupted upload leaves no orphan: files no version refers to are removed once a day old."""

import datetime
import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from practica.core.scheduler import registered_jobs
from practica.library.services.cleanup import remove_orphan_files
from tests.library.factories import add_file_item


def _age(name: str, days: float) -> None:
    when = (timezone.now() - datetime.timedelta(days=days)).timestamp()
    os.utime(default_storage.path(name), (when, when))


def test_an_old_orphan_is_removed_and_a_recent_one_kept(staff):
    item = add_file_item(author=staff, community=None, title="Kept", image=True)
    old = default_storage.save("library/2026/01/orphan.pdf", ContentFile(b"%PDF-1.4"))
    recent = default_storage.save("library/2026/01/in-flight.pdf", ContentFile(b"%PDF-1.4"))
    _age(old, 2)
    _age(item.current_version.file.name, 5)
    _age(item.current_version.thumbnail.name, 5)

    assert remove_orphan_files() == 1

    assert not default_storage.exists(old)
    assert default_storage.exists(recent)
    assert default_storage.exists(item.current_version.file.name)
    assert default_storage.exists(item.current_version.thumbnail.name)


def test_a_rolled_back_upload_is_cleaned_up_a_day_later(staff):
    from django.db import transaction

    from practica.library.services.items import create_item
    from tests.library.factories import checked, details

    class Interrupted(Exception):
        pass

    try:
        with transaction.atomic():
            create_item(author=staff, community=None, kind="file", details=details("Lost"), upload=checked())
            raise Interrupted
    except Interrupted:
        pass
    _, files = default_storage.listdir(f"library/{timezone.now():%Y/%m}")
    assert len(files) == 1
    name = f"library/{timezone.now():%Y/%m}/{files[0]}"
    _age(name, 1.5)
    assert remove_orphan_files() == 1
    assert not default_storage.exists(name)


def test_nothing_to_clean_when_nothing_was_uploaded():
    assert remove_orphan_files() == 0


def test_the_clean_up_runs_periodically():
    assert "library.remove-orphan-files" in registered_jobs()
