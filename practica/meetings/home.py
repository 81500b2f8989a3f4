"""What meetings add to the home page and to a community's home page; a fixed number of queries each."""

from practica.meetings import queries
from practica.meetings.permissions import can_create_meeting_in

HOME_LIMIT = 5
COMMUNITY_LIMIT = 3


def next_meetings_section(user) -> dict | None:
    """Your next meetings: across your communities, site-wide events and meetings you answered."""
    occurrences = list(queries.upcoming_for(user).filter(status="scheduled")[:HOME_LIMIT])
    return {"occurrences": occurrences, "zone_name": queries.member_zone(user)}


def community_meetings_section(user, community) -> dict:
    """The community page's next meetings; built only for people who may read inside the community."""
    return {
        "occurrences": queries.next_in_community(user, community, COMMUNITY_LIMIT),
        "community": community,
        "zone_name": queries.member_zone(user),
        "can_create": can_create_meeting_in(user, community),
    }
