"""What communities add to the home page: the member's own communities, and suggestions to join."""

from practica.communities.models import Community
from practica.communities.queries import suggested_communities


def my_communities_section(user) -> dict:
    mine = list(
        Community.objects.listed_for(user)
        .filter(memberships__user=user)
        .select_related("division")
        .order_by("name")[:12]
    )
    return {"communities": mine}


def suggestions_section(user) -> dict | None:
    suggestions = list(suggested_communities(user))
    return {"communities": suggestions} if suggestions else None
