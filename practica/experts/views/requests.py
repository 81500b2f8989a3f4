"""Speaker requests: asking for a speaker, following one's requests, and staff's queue, triage and scheduling.

Whoever may not see a request (not its requester, not staff, not a champion of its community) gets 404 from
queries.get_speaker_request_for; whoever may see it but not act gets 403 with a reason. Refusals from the
services come back as errors on the form, with what was typed kept.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practica.communities.models import Community
from practica.communities.permissions import readable_communities
from practica.core.pagination import paginate
from practica.experts import queries
from practica.experts.choices import RequestStatus
from practica.experts.forms.requests import ScheduleForm, SpeakerForm, SpeakerRequestForm, StatusForm, SuggestForm
from practica.experts.models import SpeakerRequest
from practica.experts.permissions import (
    can_triage_speaker_requests,
    can_withdraw_speaker_request,
    check,
)
from practica.experts.services import requests as request_services
from practica.experts.services.requests import SpeakerRequestError
from practica.meetings.services.errors import MeetingError

STAFF_ONLY = gettext_lazy("Only staff handle speaker requests.")


def _refusal(form, error: Exception) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


@require_http_methods(["GET", "POST"])
def request_create(request):
    form = SpeakerRequestForm(request.POST or None, requester=request.user)
    if request.method == "GET" and request.GET.get("community", "").isdigit():
        form.fields["community"].initial = int(request.GET["community"])
    if request.method == "POST" and form.is_valid():
        try:
            speaker_request = request_services.submit_speaker_request(requester=request.user, **form.cleaned_data)
        except PermissionDenied as error:
            _refusal(form, error)
        else:
            messages.success(
                request, _("Your request is with the staff team. We will tell you each time its status changes.")
            )
            return redirect("experts:request-detail", pk=speaker_request.pk)
    has_communities = form.fields["community"].queryset.exists()
    return render(request, "experts/request_form.html", {"form": form, "has_communities": has_communities})


@require_GET
def my_requests(request):
    page = paginate(queries.list_my_requests(request.user), request.GET.get("page"), per_page=queries.REQUESTS_PER_PAGE)
    return render(request, "experts/my_requests.html", {"page_obj": page, "query_string": ""})


def _detail_context(request, speaker_request: SpeakerRequest, **forms) -> dict:
    user = request.user
    is_staff = can_triage_speaker_requests(user)
    context = {
        "speaker_request": speaker_request,
        "history": queries.request_history(speaker_request),
        "suggestions": queries.request_suggestions(speaker_request),
        "can_withdraw": can_withdraw_speaker_request(user, speaker_request),
        "is_staff": is_staff,
        "community_readable": readable_communities(
            user, Community.objects.filter(pk=speaker_request.community_id)
        ).exists(),
    }
    if is_staff and speaker_request.is_open:
        statuses = request_services.staff_moves_from(speaker_request.status)
        context.update(
            {
                "status_form": forms.get("status_form") or StatusForm(statuses=statuses),
                "suggest_form": forms.get("suggest_form") or SuggestForm(viewer=user),
                "speaker_form": forms.get("speaker_form") or SpeakerForm(viewer=user),
                "matching_experts": queries.matching_experts(user, speaker_request),
                "can_schedule": speaker_request.status == RequestStatus.SPEAKER_FOUND,
            }
        )
    return context


@require_GET
def request_detail(request, pk: int):
    speaker_request = queries.get_speaker_request_for(request.user, pk)
    return render(request, "experts/request_detail.html", _detail_context(request, speaker_request))


def _triaged(request, pk: int) -> SpeakerRequest:
    speaker_request = queries.get_speaker_request_for(request.user, pk)
    check(can_triage_speaker_requests(request.user), STAFF_ONLY)
    return speaker_request


@require_POST
def request_status(request, pk: int):
    speaker_request = _triaged(request, pk)
    form = StatusForm(request.POST, statuses=request_services.staff_moves_from(speaker_request.status))
    if form.is_valid():
        try:
            request_services.change_request_status(
                actor=request.user,
                speaker_request=speaker_request,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except SpeakerRequestError as error:
            _refusal(form, error)
        else:
            messages.success(
                request,
                _("The request is now “%(status)s”. The requester has been told.")
                % {"status": RequestStatus(form.cleaned_data["status"]).label},
            )
            return redirect("experts:request-detail", pk=speaker_request.pk)
    context = _detail_context(request, speaker_request, status_form=form)
    return render(request, "experts/request_detail.html", context)


@require_POST
def request_suggest(request, pk: int):
    speaker_request = _triaged(request, pk)
    form = SuggestForm(request.POST, viewer=request.user)
    if form.is_valid():
        try:
            request_services.suggest_expert(
                actor=request.user,
                speaker_request=speaker_request,
                expert=form.cleaned_data["expert"].user,
                note=form.cleaned_data["note"],
            )
        except SpeakerRequestError as error:
            _refusal(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is suggested for this request.") % {"name": form.cleaned_data["expert"].user.display_name},
            )
            return redirect("experts:request-detail", pk=speaker_request.pk)
    context = _detail_context(request, speaker_request, suggest_form=form)
    return render(request, "experts/request_detail.html", context)


@require_POST
def request_speaker(request, pk: int):
    speaker_request = _triaged(request, pk)
    form = SpeakerForm(request.POST, viewer=request.user)
    if form.is_valid():
        expert = form.cleaned_data["speaker"]
        try:
            request_services.record_speaker(
                actor=request.user,
                speaker_request=speaker_request,
                speaker=expert.user if expert else None,
                speaker_name=form.cleaned_data["speaker_name"],
                note=form.cleaned_data["note"],
            )
        except SpeakerRequestError as error:
            _refusal(form, error)
        else:
            messages.success(request, _("The speaker is recorded. Schedule the meeting when the date is agreed."))
            return redirect("experts:request-detail", pk=speaker_request.pk)
    context = _detail_context(request, speaker_request, speaker_form=form)
    return render(request, "experts/request_detail.html", context)


@require_http_methods(["GET", "POST"])
def request_schedule(request, pk: int):
    speaker_request = _triaged(request, pk)
    if speaker_request.status != RequestStatus.SPEAKER_FOUND:
        messages.error(request, _("Record the speaker before scheduling the meeting."))
        return redirect("experts:request-detail", pk=speaker_request.pk)
    form = ScheduleForm(request.POST or None, initial={"title": speaker_request.topic})
    if request.method == "POST" and form.is_valid():
        try:
            request_services.schedule_speaker_request(
                actor=request.user, speaker_request=speaker_request, time_zone=settings.TIME_ZONE, **form.cleaned_data
            )
        except (SpeakerRequestError, MeetingError, PermissionDenied) as error:
            _refusal(form, error)
        else:
            messages.success(
                request,
                _("The meeting is scheduled in %(community)s, and the requester has been told.")
                % {"community": speaker_request.community.name},
            )
            return redirect("experts:request-detail", pk=speaker_request.pk)
    return render(request, "experts/request_schedule.html", {"speaker_request": speaker_request, "form": form})


@require_POST
def request_withdraw(request, pk: int):
    speaker_request = queries.get_speaker_request_for(request.user, pk)
    check(
        can_withdraw_speaker_request(request.user, speaker_request),
        _("Only the person who asked can withdraw a request, while it is still open."),
    )
    request_services.withdraw_speaker_request(actor=request.user, speaker_request=speaker_request)
    messages.success(request, _("Your request is withdrawn."))
    return redirect("experts:my-requests")


@require_GET
def request_queue(request):
    check(can_triage_speaker_requests(request.user), STAFF_ONLY)
    status = request.GET.get("status", "")
    page = paginate(
        queries.list_request_queue(request.user, status=status),
        request.GET.get("page"),
        per_page=queries.REQUESTS_PER_PAGE,
    )
    return render(
        request,
        "experts/request_queue.html",
        {
            "page_obj": page,
            "status": status if status in {*RequestStatus.values, "all"} else "",
            "statuses": RequestStatus.choices,
            "query_string": f"status={status}" if status else "",
        },
    )
