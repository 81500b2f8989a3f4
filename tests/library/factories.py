"""Library items built through the services, with real (generated) files."""

from django.core.files.uploadedfile import SimpleUploadedFile

from practica.core.uploads import check_upload
from practica.library.services.items import ItemDetails, create_item
from practica.library.services.thumbnails import make_version_thumbnail
from tests.library.corpus import image_bytes, minimal_pdf


def checked(name: str = "Handout.pdf", content: bytes | None = None):
    """A file as the library's form checks it: pictures cleaned, their thumbnails left to the task."""
    return check_upload(
        SimpleUploadedFile(name, content if content is not None else minimal_pdf("Handout")), thumbnail=False
    )


def details(title: str, **overrides) -> ItemDetails:
    values = {
        "title": title,
        "resource_type": "guide",
        "licence": "own_work",
        "rights_confirmed": True,
        "description": "Useful in practice.",
        "tags": ["endings"],
        "author_or_source": "A. Practitioner",
    }
    values.update(overrides)
    return ItemDetails(**values)


def add_file_item(*, author, community, title: str, image: bool = False, **overrides):
    """A file item; a picture's thumbnail is made as the worker would (its task stays queued, harmlessly)."""
    upload = checked("Poster.png", image_bytes("PNG", size=(400, 300))) if image else checked()
    item = create_item(
        author=author, community=community, kind="file", details=details(title, **overrides), upload=upload
    )
    if image:
        make_version_thumbnail(version_id=item.current_version_id)
        item.refresh_from_db()
        item.current_version.refresh_from_db()
    return item


def add_link_item(*, author, community, title: str, url: str = "https://example.org/guidance", **overrides):
    return create_item(author=author, community=community, kind="link", details=details(title, url=url, **overrides))
