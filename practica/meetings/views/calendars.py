"""Reading meetings: my meetings, a community's calendar, site-wide events, one occurrence (with RSVP and its
.ics file), calendar settings, and the personal iCal feed.

Every view starts from a visibility query (404 for whoever may not see the meeting, exactly as if it did not
exist). Times are shown in the member's own time zone (their preference, chosen on "My calendar").
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practica.accounts.permissions import is_current_member
from practica.communities import queries as community_queries
from practica.communities.models import CommunityMember
from practica.core.pagination import paginate
from practica.meetings import ical, queries
from practica.meetings.choices import RsvpResponse
from practica.meetings.forms import RsvpForm, TimeZoneForm
from practica.meetings.models import CalendarFeed, Rsvp
from practica.meetings.permissions import (
    can_create_meeting_in,
    can_edit_occurrence,
    can_record_attendance,
    can_rsvp,
    can_see_joining_link,
)
from practica.meetings.recurrence import describe, zone
from practica.meetings.services import calendars, rsvps
from practica.meetings.services.errors import MeetingError
from practica.meetings.services.rsvps import MeetingFull

PER_PAGE = 25
GOING_SHOWN = 50


def _month(request) -> date:
    """The month asked for as ?month=YYYY-MM, else this month in the member's zone."""
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-", 1))
        if not 1900 <= year <= 2200:
            raise ValueError(year)
        return date(year, month, 1)
    except ValueError:
        today = timezone.localtime(timezone.now(), zone(queries.member_zone(request.user))).date()
        return today.replace(day=1)


def _month_nav(month: date) -> dict:
    previous = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return {"month": month, "previous_month": f"{previous:%Y-%m}", "next_month": f"{following:%Y-%m}"}


@require_GET
def my_meetings(request):
    zone_name = queries.member_zone(request.user)
    page_obj = paginate(queries.upcoming_for(request.user), request.GET.get("page"), per_page=PER_PAGE)
    return render(
        request,
        "meetings/my_meetings.html",
        {
            "page_obj": page_obj,
            "occurrences": page_obj.object_list,
            "zone_name": zone_name,
            "can_create_event": can_create_meeting_in(request.user, None),
        },
    )


@require_GET
def community_calendar(request, pk: int):
    community = community_queries.get_readable_community_for(request.user, pk)
    zone_name = queries.member_zone(request.user)
    month = _month(request)
    occurrences = list(queries.community_month(request.user, community, month, zone_name)[:200])
    return render(
        request,
        "meetings/calendar_month.html",
        {
            "community": community,
            "occurrences": occurrences,
            "zone_name": zone_name,
            "can_create": can_create_meeting_in(request.user, community),
            **_month_nav(month),
        },
    )


@require_GET
def site_events(request):
    zone_name = queries.member_zone(request.user)
    month = _month(request)
    occurrences = list(queries.site_events_month(request.user, month, zone_name)[:200])
    return render(
        request,
        "meetings/calendar_month.html",
        {
            "community": None,
            "occurrences": occurrences,
            "zone_name": zone_name,
            "can_create": can_create_meeting_in(request.user, None),
            **_month_nav(month),
        },
    )


@require_GET
def occurrence_detail(request, pk: int):
    occurrence = queries.get_occurrence_for(request.user, pk)
    user = request.user
    going = list(
        Rsvp.objects.filter(occurrence=occurrence, response=RsvpResponse.GOING)
        .select_related("user")
        .order_by("created_at")[:GOING_SHOWN]
    )
    return render(
        request,
        "meetings/occurrence_detail.html",
        {
            "occurrence": occurrence,
            "meeting": occurrence.meeting,
            "repeats": describe(occurrence.meeting.recurrence),
            "zone_name": queries.member_zone(user),
            "show_link": can_see_joining_link(user, occurrence, rsvp_response=occurrence.my_rsvp),
            "can_rsvp": can_rsvp(user, occurrence),
            "can_edit": can_edit_occurrence(user, occurrence),
            "can_record": can_record_attendance(user, occurrence),
            "going": going,
            "is_past": occurrence.starts_at <= timezone.now(),
            "resource_links": occurrence.resource_link_list(),
            "library_resources": queries.library_resources_for(user, occurrence),
        },
    )


@require_POST
def rsvp(request, pk: int):
    occurrence = queries.get_occurrence_for(request.user, pk)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose going, maybe or not going."))
        return redirect(occurrence)
    try:
        answer = rsvps.respond(user=request.user, occurrence=occurrence, response=form.cleaned_data["response"])
    except MeetingFull:
        messages.warning(request, _("This meeting is full. You can join its waiting list below."))
        return redirect(occurrence)
    except (MeetingError, PermissionDenied) as error:
        messages.error(request, str(error))
        return redirect(occurrence)
    messages.success(
        request,
        {
            RsvpResponse.GOING: _("You are going. We will remind you a day and an hour before."),
            RsvpResponse.MAYBE: _("You might go. We will remind you a day and an hour before."),
            RsvpResponse.NOT_GOING: _("You are not going."),
            RsvpResponse.WAITING: _("You are on the waiting list. We will tell you if a place opens up."),
        }[answer.response],
    )
    return redirect(occurrence)


@require_GET
def occurrence_ics(request, pk: int):
    occurrence = queries.get_occurrence_for(request.user, pk)
    response = HttpResponse(ical.occurrence_ics(request.user, occurrence), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{occurrence.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    """My calendar: the time zone times are shown in, and the personal feed address (made, replaced, revoked)."""
    user = request.user
    new_token = None
    form = TimeZoneForm(initial={"time_zone": queries.member_zone(user)})
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "time_zone":
            form = TimeZoneForm(request.POST)
            if form.is_valid():
                calendars.set_time_zone(user=user, time_zone=form.cleaned_data["time_zone"])
                messages.success(
                    request,
                    _("Meeting times are now shown in %(zone)s.")
                    % {"zone": form.cleaned_data["time_zone"].replace("_", " ")},
                )
                return redirect("meetings:calendar")
        elif action == "feed":
            # The secret is shown on this response only (just its hash is kept), so no redirect here.
            new_token = calendars.create_feed_token(user=user)
        elif action == "revoke":
            calendars.revoke_feed_token(user=user)
            messages.success(request, _("Your feed address no longer works. Calendars subscribed to it stop updating."))
            return redirect("meetings:calendar")
        else:
            messages.error(request, _("Choose one of the actions on this page."))
            return redirect("meetings:calendar")
    feed_url = request.build_absolute_uri(reverse("meetings:feed", kwargs={"token": new_token})) if new_token else ""
    return render(
        request,
        "meetings/calendar_settings.html",
        {
            "form": form,
            "has_feed": CalendarFeed.objects.filter(user=user).exists(),
            "feed_url": feed_url,
            "zone_name": queries.member_zone(user),
        },
    )


@require_GET
def feed(request, token: str):
    """A member's iCal feed, reached by calendar apps without a session: the token is the key. Unknown or
    revoked tokens, and members who are no longer current, get 404."""
    user = calendars.feed_owner(token)
    if user is None or not is_current_member(user):
        raise Http404
    member_of = set(CommunityMember.objects.filter(user=user).values_list("community_id", flat=True))
    body = ical.feed_ics(
        user,
        queries.feed_occurrences(user),
        member_of=member_of,
        name=_("%(site)s meetings") % {"site": _site_name()},
    )
    CalendarFeed.objects.filter(user=user).update(last_used_at=timezone.now())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def _site_name() -> str:
    from django.conf import settings

    return settings.SITE_NAME
