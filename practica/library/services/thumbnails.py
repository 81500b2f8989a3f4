"""Thumbnails of uploaded pictures, made by the task worker from the stored (already cleaned) picture."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from practica.core.uploads import UploadRejected, make_thumbnail, storage_name
from practica.library.models import ItemVersion

THUMBNAIL_PREFIX = "library/thumbnails"


def make_version_thumbnail(*, version_id: int) -> str:
    """Store a thumbnail for a picture version that has none yet; what happened, in a word, for the task log.

    Safe to run twice or late: a version that already has one, or that was removed meanwhile, is left alone
    and the file just made is deleted, so no thumbnail is ever orphaned by a race.
    """
    version = ItemVersion.objects.filter(pk=version_id).only("file", "thumbnail", "content_type").first()
    if version is None:
        return "gone"
    if version.thumbnail:
        return "already made"
    if not version.is_image:
        return "not a picture"
    try:
        with default_storage.open(version.file.name, "rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        return "file missing"
    try:
        thumbnail = make_thumbnail(data)
    except UploadRejected:
        return "unreadable"
    name = default_storage.save(storage_name(THUMBNAIL_PREFIX, "jpg"), ContentFile(thumbnail))
    # Only a version still without a thumbnail takes this one (one UPDATE, so two runs cannot both win).
    if not ItemVersion.objects.filter(pk=version_id, thumbnail="").update(thumbnail=name):
        default_storage.delete(name)
        return "already made"
    return "made"
