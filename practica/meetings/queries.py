"""Reads for meeting pages and feeds, each starting from a visible_* queryset with its prefetches, so a
page costs the same number of queries whatever the number of meetings."""

from datetime import date, datetime, timedelta

from django.apps import apps
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from practica.communities.models import CommunityMember
from practica.meetings.choices import OccurrenceStatus, RsvpResponse
from practica.meetings.models import DEFAULT_TIME_ZONE, MemberTimeZone, Occurrence, OccurrenceResource, Rsvp
from practica.meetings.recurrence import zone

# A meeting stays in "upcoming" lists while it may still be going on.
STILL_RUNNING = timedelta(hours=3)
FEED_PAST = timedelta(days=30)
FEED_LIMIT = 1000
# The attendance form lists this many of the library's newest items (and any already attached).
ATTACHABLE_ITEMS = 200


def member_zone(user) -> str:
    """The time zone this member sees times in (the site's default when they have not chosen)."""
    if not getattr(user, "is_authenticated", False):
        return DEFAULT_TIME_ZONE
    preference = MemberTimeZone.objects.filter(user=user).values_list("time_zone", flat=True).first()
    return preference or DEFAULT_TIME_ZONE


def with_my_rsvp(queryset: QuerySet, user) -> QuerySet:
    """Annotate each occurrence with the viewer's answer (`my_rsvp`), in the same query."""
    mine = Rsvp.objects.filter(occurrence=OuterRef("pk"), user=user).values("response")[:1]
    return queryset.annotate(my_rsvp=Subquery(mine))


def _listed(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("community", "chair", "meeting__speaker")


def mine(user, *, since: datetime | None = None) -> QuerySet:
    """Meetings that concern the member: in their communities, site-wide events, and any they answered."""
    since = since or timezone.now() - STILL_RUNNING
    memberships = CommunityMember.objects.filter(user=user).values("community")
    answered = Rsvp.objects.filter(user=user).exclude(response=RsvpResponse.NOT_GOING).values("occurrence")
    queryset = Occurrence.objects.visible_to(user).filter(
        Q(community__isnull=True) | Q(community__in=memberships) | Q(pk__in=answered), starts_at__gte=since
    )
    return _listed(with_my_rsvp(queryset, user)).order_by("starts_at", "pk")


def upcoming_for(user) -> QuerySet:
    return mine(user)


def month_bounds(month: date, time_zone: str) -> tuple[datetime, datetime]:
    tz = zone(time_zone)
    start = datetime(month.year, month.month, 1, tzinfo=tz)
    following = datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=tz)
    return start, following


def community_month(user, community, month: date, time_zone: str) -> QuerySet:
    """A community's occurrences in a calendar month of the viewer's time zone (visibility checked)."""
    start, end = month_bounds(month, time_zone)
    queryset = Occurrence.objects.visible_to(user).filter(community=community, starts_at__gte=start, starts_at__lt=end)
    return _listed(with_my_rsvp(queryset, user)).order_by("starts_at", "pk")


def site_events_month(user, month: date, time_zone: str) -> QuerySet:
    start, end = month_bounds(month, time_zone)
    queryset = Occurrence.objects.visible_to(user).filter(
        community__isnull=True, starts_at__gte=start, starts_at__lt=end
    )
    return _listed(with_my_rsvp(queryset, user)).order_by("starts_at", "pk")


def next_in_community(user, community, limit: int = 3) -> list[Occurrence]:
    queryset = Occurrence.objects.visible_to(user).filter(
        community=community, status=OccurrenceStatus.SCHEDULED, starts_at__gte=timezone.now() - STILL_RUNNING
    )
    return list(_listed(with_my_rsvp(queryset, user)).order_by("starts_at", "pk")[:limit])


def get_occurrence_for(user, pk: int) -> Occurrence:
    """The occurrence if the user may see it, with the viewer's RSVP; 404 otherwise, as if it did not exist."""
    occurrence = _listed(with_my_rsvp(Occurrence.objects.visible_to(user), user)).filter(pk=pk).first()
    if occurrence is None:
        raise Http404
    return occurrence


def feed_occurrences(user) -> list[Occurrence]:
    """What the member's iCal feed carries: their meetings from a month ago on (cancelled ones too, so
    subscribed calendars learn of the cancellation). Two queries whatever the number."""
    return list(mine(user, since=timezone.now() - FEED_PAST)[:FEED_LIMIT])


def _library_items():
    # The library sits beside meetings in the layers: reached through the app registry, never imported.
    return apps.get_model("library", "LibraryItem").objects


def attachable_library_items(user, occurrence: Occurrence) -> QuerySet:
    """Items of the occurrence's own library (the community's; the site library for a site-wide event) that
    the user may see and that are not hidden, newest first, bounded; those already attached always included."""
    attached = OccurrenceResource.objects.filter(occurrence=occurrence).values("item_id")
    queryset = _library_items().visible_to(user).filter(hidden_at__isnull=True)
    if occurrence.community_id is None:
        queryset = queryset.filter(community__isnull=True)
    else:
        queryset = queryset.filter(community_id=occurrence.community_id)
    newest = queryset.order_by("-created_at", "-pk").values_list("pk", flat=True)[:ATTACHABLE_ITEMS]
    return queryset.filter(Q(pk__in=newest) | Q(pk__in=attached)).order_by("title", "pk")


def library_resources_for(user, occurrence: Occurrence) -> list:
    """The library items attached to the occurrence that this reader may see, by the library's own rules."""
    attached = OccurrenceResource.objects.filter(occurrence=occurrence).values("item_id")
    return list(
        _library_items()
        .visible_to(user)
        .filter(pk__in=attached)
        .select_related("current_version")
        .order_by("title", "pk")
    )


def attached_library_item_ids(occurrence: Occurrence) -> set[int]:
    return set(OccurrenceResource.objects.filter(occurrence=occurrence).values_list("item_id", flat=True))
