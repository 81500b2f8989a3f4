"""What surveys add to the home page: an invitation to the open surveys the member has not answered (one query)."""

from practica.surveys.queries import open_surveys_to_answer


def open_surveys_section(user) -> dict | None:
    surveys = open_surveys_to_answer(user)
    return {"surveys": surveys} if surveys else None


def community_benefits_section(user, community) -> dict | None:
    """On a community's home page, for its champions and staff only: how many benefits it has logged, and a link
    to log another (one query for them; none for anyone else, the role being known from the page's annotation)."""
    from practica.communities.permissions import can_lead
    from practica.surveys.models import Benefit

    if not can_lead(user, community):
        return None
    return {"community": community, "count": Benefit.objects.filter(community=community).count()}
