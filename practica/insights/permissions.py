"""Who may see insights. Members see no dashboards; champions see their own community's; staff see all and
set targets. Dashboards show only aggregates, never a person, so there is nothing finer to decide."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from practica.communities.permissions import can_lead


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_view_site_insights(user) -> bool:
    return _signed_in(user) and user.is_lead


def can_manage_targets(user) -> bool:
    return _signed_in(user) and user.is_lead


def can_view_community_insights(user, community) -> bool:
    """Staff, and the community's champions (while it is active)."""
    return can_lead(user, community)


def check(allowed: bool, reason: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(reason or _("You do not have permission to do this."))
