"""Library items built through the services, with real (generated) files."""

from django.core.files.uploadedfile import SimpleUploadedFile

from practica.core.uploads import check_upload
from practica.library.services.items import ItemDetails, create_item
from tests.library.corpus import image_bytes, minimal_pdf


def checked(name: str = "Handout.pdf", content: bytes | None = None):
    return check_upload(SimpleUploadedFile(name, content if content is not None else minimal_pdf("Handout")))


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
    upload = checked("Poster.png", image_bytes("PNG", size=(400, 300))) if image else checked()
    return create_item(
        author=author, community=community, kind="file", details=details(title, **overrides), upload=upload
    )


def add_link_item(*, author, community, title: str, url: str = "https://example.org/guidance", **overrides):
    return create_item(author=author, community=community, kind="link", details=details(title, url=url, **overrides))
