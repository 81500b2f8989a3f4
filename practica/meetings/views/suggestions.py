"""Event suggestions: members tell the Lead which events they would like; staff review them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from practica.core.pagination import paginate
from practica.meetings.choices import SuggestionStatus
from practica.meetings.forms import SuggestionForm, SuggestionReviewForm
from practica.meetings.models import EventSuggestion
from practica.meetings.permissions import can_review_suggestions, check
from practica.meetings.services import suggestions
from practica.meetings.services.errors import MeetingError

PER_PAGE = 30


@require_http_methods(["GET", "POST"])
def suggest(request):
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestions.suggest_event(author=request.user, **form.cleaned_data)
        except MeetingError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Thank you. The Communities of Practice Lead reads every suggestion."))
            return redirect("meetings:suggest")
    mine = EventSuggestion.objects.filter(author=request.user).order_by("-created_at")[:20]
    return render(request, "meetings/suggest.html", {"form": form, "mine": mine})


@require_GET
def suggestion_list(request):
    check(can_review_suggestions(request.user), _("Only staff review event suggestions."))
    status = request.GET.get("status", SuggestionStatus.NEW)
    if status not in SuggestionStatus.values and status != "all":
        status = SuggestionStatus.NEW
    queryset = EventSuggestion.objects.select_related("author", "reviewed_by")
    if status != "all":
        queryset = queryset.filter(status=status)
    page_obj = paginate(queryset, request.GET.get("page"), per_page=PER_PAGE)
    return render(
        request,
        "meetings/suggestion_list.html",
        {
            "page_obj": page_obj,
            "suggestions": page_obj.object_list,
            "status": status,
            "statuses": [("all", _("All")), *SuggestionStatus.choices],
            "query_string": f"status={status}",
        },
    )


@require_http_methods(["GET", "POST"])
def suggestion_review(request, pk: int):
    check(can_review_suggestions(request.user), _("Only staff review event suggestions."))
    suggestion = get_object_or_404(EventSuggestion.objects.select_related("author"), pk=pk)
    form = SuggestionReviewForm(
        request.POST or None, initial={"status": suggestion.status, "note": suggestion.staff_note}
    )
    if request.method == "POST" and form.is_valid():
        suggestions.review_suggestion(
            actor=request.user,
            suggestion=suggestion,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("The suggestion is marked “%(status)s”.")
            % {"status": SuggestionStatus(form.cleaned_data["status"]).label},
        )
        return redirect("meetings:suggestions")
    return render(request, "meetings/suggestion_review.html", {"form": form, "suggestion": suggestion})
