"""The "Follow this community" control on a community's home page (a community section, built only for
people who may read inside): two queries whatever the community's size."""

from practica.communities.choices import Membership
from practica.communities.permissions import is_member
from practica.notifications.choices import WatchLevel
from practica.notifications.permissions import can_edit_email_policy
from practica.notifications.queries import community_watch_level


def community_watch_section(user, community) -> dict | None:
    if not getattr(user, "is_authenticated", False):
        return None
    level = community_watch_level(user, community)
    member = is_member(user, community)
    return {
        "community": community,
        "level": level or WatchLevel.NORMAL,
        "levels": WatchLevel.choices,
        # Members who have not chosen yet (they just joined) are asked, prominently.
        "ask": member and level is None,
        "confidential": community.membership != Membership.OPEN or community.unlisted,
        "can_edit_email_policy": can_edit_email_policy(user, community),
    }
