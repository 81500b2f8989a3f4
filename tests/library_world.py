"""Objects of the library app for the access matrix (tests/test_access_matrix.py). Keys start with "library".

The site's `member` belongs to discussion_world's open community and is an outsider to its closed one, so
everything of the closed community's library must answer 404 to them, exactly as if it did not exist."""

import pytest

from practica.library.services.collections import add_to_collection, create_collection
from tests.library.factories import add_file_item, add_link_item


@pytest.fixture
def library_world(db, discussion_world, member, staff) -> dict:
    author = discussion_world["topic_author"]
    open_community = discussion_world["open_community"]
    closed = discussion_world["closed_community_d"]
    open_item = add_file_item(author=author, community=open_community, title="Contracting template")
    closed_item = add_file_item(author=author, community=closed, title="Anonymised case notes")
    own_item = add_file_item(author=member, community=open_community, title="My reading list")
    site_image = add_file_item(author=staff, community=None, title="Poster", image=True)
    link = add_link_item(author=author, community=open_community, title="Good practice guidance")
    open_collection = create_collection(actor=author, community=open_community, title="Starter pack")
    add_to_collection(actor=author, collection=open_collection, item=open_item)
    closed_collection = create_collection(actor=author, community=closed, title="Closed reading")
    add_to_collection(actor=author, collection=closed_collection, item=closed_item)
    return {
        "library_open_item": open_item,
        "library_closed_item": closed_item,
        "library_own_item": own_item,
        "library_site_image": site_image,
        "library_link_item": link,
        "library_closed_version": closed_item.current_version,
        "library_image_version": site_image.current_version,
        "library_open_collection": open_collection,
        "library_closed_collection": closed_collection,
        "library_closed_community": closed,
    }
