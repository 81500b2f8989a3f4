"""Files attached to posts, served only through these views: the reader must see the post and its content (a
hidden, held, removed or deleted post's files are not served to others, exactly like its text), and the
response tells the browser not to sniff or run anything (practica.core.uploads.protected_file_response).
The storage's own paths (MEDIA_URL) are not routed at all."""

from django.core.files.storage import default_storage
from django.http import Http404
from django.views.decorators.http import require_GET

from practica.core.uploads import protected_file_response
from practica.discussions import queries


@require_GET
def attachment_download(request, pk: int):
    """The file; pictures (re-encoded when uploaded, nothing but pixels) open in the browser, others download."""
    attachment = queries.get_attachment_for(request.user, pk)
    return protected_file_response(
        default_storage,
        attachment.file.name,
        filename=attachment.display_name,
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
    )


@require_GET
def attachment_thumbnail(request, pk: int):
    attachment = queries.get_attachment_for(request.user, pk)
    if not attachment.thumbnail:
        raise Http404
    return protected_file_response(
        default_storage,
        attachment.thumbnail.name,
        filename=f"thumbnail-{attachment.pk}.jpg",
        content_type="image/jpeg",
        as_attachment=False,
    )
