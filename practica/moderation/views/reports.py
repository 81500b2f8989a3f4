"""Report a concern (members), "My reports" (the reporter's statuses), and staff setting a report's status."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from practica.core.pagination import paginate
from practica.moderation.forms.reports import ReportForm, ReportStatusForm
from practica.moderation.models import Report
from practica.moderation.permissions import can_handle_reports
from practica.moderation.services import reports as services
from practica.moderation.services.queue import AlreadyResolved

REPORTS_PER_PAGE = 20


@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="user", rate="10/h", method="POST", block=False)
def report_create(request):
    """Send a concern to the Communities of Practice Lead, with links to what it is about."""
    initial = {"links": request.GET.get("link", "")[:500]} if request.method == "GET" else None
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if getattr(request, "limited", False):
            form.add_error(None, _("You have sent several concerns in the last hour. Please e-mail us instead."))
        else:
            services.submit_report(reporter=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("Thank you. Your concern has been sent to the Communities of Practice team. You can follow it here."),
            )
            return redirect("moderation:my-reports")
    return render(request, "moderation/reports/report_form.html", {"form": form})


@require_GET
def my_reports(request):
    """The concerns this member reported, with their status and what the team has told them."""
    page = paginate(services.list_my_reports(request.user), request.GET.get("page"), per_page=REPORTS_PER_PAGE)
    return render(request, "moderation/reports/my_reports.html", {"page_obj": page})


@require_POST
def report_update(request, pk: int):
    """Moderators and staff: set a report's status and the note its reporter sees (from the report's queue item)."""
    if not can_handle_reports(request.user):
        raise Http404
    report = get_object_or_404(Report, pk=pk)
    form = ReportStatusForm(request.POST, prefix=f"r{report.pk}")
    if form.is_valid():
        try:
            services.update_report(
                actor=request.user,
                report=report,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["status_note"],
            )
        except AlreadyResolved as error:
            messages.warning(request, str(error))
        else:
            messages.success(request, _("The report's status is saved; the member who reported it can see it."))
    else:
        messages.error(request, _("Choose a status for the report."))
    if report.review_item_id:
        return redirect(services.item_url(report.review_item))
    return redirect("moderation:cases")
