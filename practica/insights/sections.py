"""What insights adds to a community's home page: for its champions (and staff), a link to the community's
dashboard with last week's headline figures. Two queries at most, whatever the data."""

from practica.insights import queries
from practica.insights.permissions import can_view_community_insights


def champion_insights_section(user, community) -> dict | None:
    if not can_view_community_insights(user, community):
        return None
    return {"community": community, "summary": queries.last_week_summary(community.pk)}
