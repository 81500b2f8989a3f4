"""Arranging meetings: creating a meeting or series (champions, staff; site-wide events for staff), changing
or cancelling one occurrence, and recording attendance afterwards.

Whoever cannot see the community or meeting gets 404; whoever can see it but not arrange it gets 403 with a
reason. A refusal from a service comes back beside its field, with everything typed kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practica.communities import queries as community_queries
from practica.meetings import queries
from practica.meetings.forms import AttendanceForm, CancelForm, MeetingForm, OccurrenceForm
from practica.meetings.permissions import can_create_meeting_in, can_edit_occurrence, can_record_attendance, check
from practica.meetings.recurrence import zone
from practica.meetings.services import meetings as meeting_services
from practica.meetings.services.errors import MeetingError


def _refusal(form, error: Exception) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _create(request, community):
    form = MeetingForm(request.POST or None, initial={"time_zone": queries.member_zone(request.user)})
    form.set_chairs(community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_services.create_meeting(
                community=community,
                title=data["title"],
                agenda=data["agenda"],
                starts_at=form.starts_at(),
                duration_minutes=data["duration_minutes"],
                time_zone=data["time_zone"],
                format=data["format"],
                chair=data["chair"],
                created_by=request.user,
                venue=data["venue"],
                joining_link=data["joining_link"],
                capacity=data["capacity"],
                recurrence=data["recurrence"] or None,
            )
        except MeetingError as error:
            _refusal(form, error)
        else:
            if meeting.is_series:
                messages.success(request, _("The series is arranged. Each meeting has its own page you can change."))
            else:
                messages.success(request, _("The meeting is arranged."))
            return redirect(meeting.get_absolute_url())
    return render(request, "meetings/meeting_form.html", {"form": form, "community": community})


@require_http_methods(["GET", "POST"])
def meeting_create(request, pk: int):
    community = community_queries.get_readable_community_for(request.user, pk)
    check(
        can_create_meeting_in(request.user, community),
        _("Only the community's champions and staff can arrange its meetings."),
    )
    return _create(request, community)


@require_http_methods(["GET", "POST"])
def event_create(request):
    check(can_create_meeting_in(request.user, None), _("Only staff can create site-wide events."))
    return _create(request, None)


def _managed_occurrence(request, pk: int):
    occurrence = queries.get_occurrence_for(request.user, pk)
    check(
        can_edit_occurrence(request.user, occurrence),
        _("Only the community's champions and staff can change its meetings."),
    )
    return occurrence


@require_http_methods(["GET", "POST"])
def occurrence_edit(request, pk: int):
    occurrence = _managed_occurrence(request, pk)
    if occurrence.is_cancelled:
        messages.error(request, _("This meeting is cancelled; it cannot be changed."))
        return redirect(occurrence)
    local = timezone.localtime(occurrence.starts_at, zone(occurrence.time_zone))
    initial = {
        "title": occurrence.title,
        "agenda": occurrence.agenda,
        "date": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "duration_minutes": occurrence.duration_minutes,
        "time_zone": occurrence.time_zone,
        "format": occurrence.format,
        "venue": occurrence.venue,
        "joining_link": occurrence.joining_link,
        "capacity": occurrence.capacity,
        "chair": occurrence.chair_id,
    }
    form = OccurrenceForm(request.POST or None, initial=initial)
    form.set_chairs(occurrence.community)
    if not occurrence.meeting.is_series:
        del form.fields["following"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_services.update_occurrence(
                actor=request.user,
                occurrence=occurrence,
                title=data["title"],
                agenda=data["agenda"],
                starts_at=form.starts_at(),
                duration_minutes=data["duration_minutes"],
                time_zone=data["time_zone"],
                format=data["format"],
                venue=data["venue"],
                joining_link=data["joining_link"],
                capacity=data["capacity"],
                chair=data["chair"],
                following=data.get("following", False),
            )
        except MeetingError as error:
            _refusal(form, error)
        else:
            messages.success(request, _("The meeting is changed. Everyone who answered has been told what changed."))
            return redirect(occurrence)
    return render(request, "meetings/occurrence_edit.html", {"form": form, "occurrence": occurrence})


@require_http_methods(["GET", "POST"])
def occurrence_cancel(request, pk: int):
    occurrence = _managed_occurrence(request, pk)
    form = CancelForm(request.POST or None)
    if not occurrence.meeting.is_series:
        del form.fields["following"]
    if request.method == "POST" and form.is_valid():
        try:
            count = meeting_services.cancel_occurrence(
                actor=request.user,
                occurrence=occurrence,
                reason=form.cleaned_data["reason"],
                following=form.cleaned_data.get("following", False),
            )
        except (MeetingError, PermissionDenied) as error:
            _refusal(form, error)
        else:
            if count > 1:
                messages.success(
                    request,
                    _("%(count)s meetings are cancelled; everyone who answered has been told.") % {"count": count},
                )
            else:
                messages.success(request, _("The meeting is cancelled; everyone who answered has been told."))
            return redirect(occurrence)
    return render(
        request,
        "meetings/occurrence_cancel.html",
        {"form": form, "occurrence": occurrence, "zone_name": queries.member_zone(request.user)},
    )


@require_http_methods(["GET", "POST"])
def attendance(request, pk: int):
    occurrence = queries.get_occurrence_for(request.user, pk)
    check(
        can_record_attendance(request.user, occurrence),
        _("The chair, the community's champions and staff record attendance, once the meeting has started."),
    )
    people, attended = meeting_services.attendance_candidates(occurrence)
    library_items = list(queries.attachable_library_items(request.user, occurrence))
    initial = {
        "attendees": sorted(attended),
        "notes": occurrence.notes,
        "resource_links": occurrence.resource_links,
        "library_items": sorted(queries.attached_library_item_ids(occurrence)),
    }
    form = AttendanceForm(
        request.POST or None,
        initial=initial,
        people=people,
        library_items=library_items,
        site_wide=occurrence.community_id is None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = meeting_services.record_attendance(
                actor=request.user,
                occurrence=occurrence,
                attendee_ids=data["attendees"],
                notes=data["notes"],
                resource_links=data["resource_links"],
                library_item_ids=data["library_items"],
            )
        except MeetingError as error:
            _refusal(form, error)
        else:
            messages.success(
                request,
                _("Attendance is recorded: %(count)s people. It appears in their CPD logs.") % {"count": len(recorded)},
            )
            return redirect(occurrence)
    return render(
        request,
        "meetings/attendance_form.html",
        {"form": form, "occurrence": occurrence, "zone_name": queries.member_zone(request.user)},
    )
