"""Who may see and do what with meetings: the one place these rules live.

A community's meeting is visible exactly when its community is readable (communities.permissions), so a
closed community's meetings never reach outsiders: not in pages, calendars, .ics files, feeds or reminders.
A site-wide event (no community) is visible to every current member. The joining link is more private
still: only people who said they are coming (or might), the community's members, the chair and staff see it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.communities.permissions import can_lead, can_read_community, is_member, readable_communities
from practica.meetings.choices import OccurrenceStatus, RsvpResponse


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _readable_or_site_wide(user, queryset: QuerySet) -> QuerySet:
    if not _signed_in(user):
        return queryset.none()
    if user.is_lead:
        return queryset
    return queryset.filter(
        Q(community__isnull=True) | Q(community__in=readable_communities(user, Community.objects.all()))
    )


def visible_meetings(user, queryset: QuerySet) -> QuerySet:
    return _readable_or_site_wide(user, queryset)


def visible_occurrences(user, queryset: QuerySet) -> QuerySet:
    """Occurrences of meetings in communities the user may read, and site-wide events."""
    return _readable_or_site_wide(user, queryset)


def can_see_occurrence(user, occurrence) -> bool:
    if not _signed_in(user):
        return False
    if occurrence.community_id is None:
        return True
    return can_read_community(user, occurrence.community)


def can_see_meeting(user, meeting) -> bool:
    if not _signed_in(user):
        return False
    return meeting.community_id is None or can_read_community(user, meeting.community)


def can_create_meeting_in(user, community) -> bool:
    """Champions of an active community and staff; site-wide events (community None) only staff."""
    if not _signed_in(user):
        return False
    if community is None:
        return user.is_lead
    return not community.is_archived and can_lead(user, community)


def can_manage_meeting(user, meeting) -> bool:
    """Edit, cancel and record attendance for any occurrence: the community's champions, and staff."""
    if not _signed_in(user):
        return False
    if meeting.community_id is None:
        return user.is_lead
    return can_lead(user, meeting.community)


def can_edit_occurrence(user, occurrence) -> bool:
    return can_manage_meeting(user, occurrence.meeting)


def can_record_attendance(user, occurrence) -> bool:
    """The chair, or whoever manages the meeting, once it has started."""
    if not _signed_in(user) or occurrence.is_cancelled or occurrence.starts_at > timezone.now():
        return False
    return occurrence.chair_id == user.pk or can_manage_meeting(user, occurrence.meeting)


def can_rsvp(user, occurrence) -> bool:
    return (
        can_see_occurrence(user, occurrence)
        and occurrence.status == OccurrenceStatus.SCHEDULED
        and occurrence.ends_at > timezone.now()
    )


def can_see_joining_link(user, occurrence, *, rsvp_response: str | None = None, member_of: set | None = None) -> bool:
    """People who RSVP'd going or maybe, members of the community, the chair and staff.

    `rsvp_response` is the viewer's RSVP and `member_of` the ids of their communities, when the page or
    feed already loaded them (so a feed of 500 meetings asks nothing more per meeting).
    """
    if not _signed_in(user):
        return False
    if user.is_lead or occurrence.chair_id == user.pk:
        return True
    if rsvp_response in {RsvpResponse.GOING, RsvpResponse.MAYBE}:
        return True
    if occurrence.community_id is None:
        return False
    if member_of is not None:
        return occurrence.community_id in member_of
    return is_member(user, occurrence.community)


def can_suggest_event(user) -> bool:
    return _signed_in(user)


def can_review_suggestions(user) -> bool:
    return _signed_in(user) and user.is_lead


def users_who_can_see(occurrence, users: QuerySet) -> QuerySet:
    """Narrow `users` to those who may see the occurrence now (re-checked at delivery: SECURITY.md #7, #8)."""
    users = users.filter(is_active=True, erased_at__isnull=True)
    community = occurrence.community
    if community is None or (community.membership == "open" and not community.unlisted):
        return users
    return users.filter(Q(role__in=["staff", "admin"]) | Q(community_memberships__community=community)).distinct()


def check(allowed: bool, reason: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(reason or _("You do not have permission to do this."))
