"""What the library adds to a community's home page."""

from practica.library import queries
from practica.library.permissions import can_add_to_library

COMMUNITY_LATEST_ITEMS = 5


def community_library_section(user, community) -> dict:
    """The community's newest library items; built only for people who may read inside the community."""
    items = list(queries.list_items(user, community=community)[:COMMUNITY_LATEST_ITEMS])
    return {"items": items, "community": community, "can_add": can_add_to_library(user, community)}
