"""What search adds to a community's home page: for its champions and staff, a link to its search setting."""

from practica.search.permissions import can_edit_search_policy


def community_search_section(user, community) -> dict | None:
    if not can_edit_search_policy(user, community):
        return None
    return {"community": community}
