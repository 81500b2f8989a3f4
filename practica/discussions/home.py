"""What discussions add to the home page and to a community's home page."""

from practica.discussions import queries
from practica.discussions.permissions import can_post_in

COMMUNITY_LATEST_TOPICS = 5


def latest_topics_section(user) -> dict | None:
    """Latest topics across the member's communities, with what they have not read yet."""
    topics = queries.with_unread_counts(queries.latest_topics_for(user))
    return {"topics": topics}


def pinned_topics_section(user) -> dict | None:
    """Topics staff pinned for everyone (only those the member may see)."""
    topics = list(queries.site_pinned_topics(user))
    return {"topics": topics} if topics else None


def community_topics_section(user, community) -> dict:
    """The community home page's latest topics (pinned first); built only for people who may read inside."""
    topics = queries.with_unread_counts(queries.list_community_topics(user, community)[:COMMUNITY_LATEST_TOPICS])
    return {"topics": topics, "community": community, "can_post": can_post_in(user, community)}
