"""Library files, served only through these views: the reader must be allowed to see the item, and the
response tells the browser to download, never to run or sniff (practica.core.uploads.protected_file_response).
The storage's own paths (MEDIA_URL) are not routed at all."""

from django.core.files.storage import default_storage
from django.http import Http404
from django.views.decorators.http import require_GET

from practica.core.uploads import protected_file_response
from practica.library import queries
from practica.library.services.items import record_download


def _send(version, *, count: bool):
    if count:
        record_download(item=version.item)
    return protected_file_response(
        default_storage, version.file.name, filename=version.display_name, content_type=version.content_type
    )


@require_GET
def download(request, pk: int):
    """The item's current version."""
    item = queries.get_item_for(request.user, pk)
    if not item.is_file or item.current_version is None:
        raise Http404
    version = item.current_version
    version.item = item
    return _send(version, count=True)


@require_GET
def version_download(request, pk: int):
    """An earlier (or the current) version, from the item's history."""
    version = queries.get_version_for(request.user, pk)
    return _send(version, count=True)


@require_GET
def thumbnail(request, pk: int):
    version = queries.get_version_for(request.user, pk)
    if not version.thumbnail:
        raise Http404
    return protected_file_response(
        default_storage,
        version.thumbnail.name,
        filename=f"thumbnail-{version.pk}.jpg",
        content_type="image/jpeg",
        as_attachment=False,
    )
