"""Who may see a member's CPD log and development plan: the member, and nobody else.

Not staff, not admins: the log holds reflections on the member's own practice, written for their professional
body's CPD requirement, not for the association. Everyone else gets 404, exactly as if the entry did not exist.
"""

from django.db.models import QuerySet


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def visible_cpd_entries(user, queryset: QuerySet) -> QuerySet:
    """The member's own entries; nobody sees anyone else's."""
    if not _signed_in(user):
        return queryset.none()
    return queryset.filter(member=user)


def visible_goals(user, queryset: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return queryset.none()
    return queryset.filter(member=user)


def can_see_cpd_entry(user, entry) -> bool:
    return _signed_in(user) and entry.member_id == user.pk


def can_see_goal(user, goal) -> bool:
    return _signed_in(user) and goal.member_id == user.pk
