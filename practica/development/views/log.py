"""The member's CPD log: list, add, edit, delete, and export for a date range as CSV or a print-ready page.

Every entry is reached through CpdEntry.objects.visible_to(request.user), which holds only the member's own:
anyone else, staff and admins included, gets 404, exactly as if the entry did not exist.
"""

import csv
import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from practica.core.pagination import paginate
from practica.development import queries
from practica.development.choices import ExportFormat
from practica.development.forms.log import CpdEntryForm, ExportForm
from practica.development.models import CpdEntry
from practica.development.services import log as log_services

# Spreadsheets run cells that start with these as formulas; a title like "=HYPERLINK(...)" must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _own_entry(request, pk: int) -> CpdEntry:
    return get_object_or_404(CpdEntry.objects.visible_to(request.user), pk=pk)


@require_GET
def cpd_log(request):
    page = paginate(queries.list_entries(request.user), request.GET.get("page"), per_page=queries.ENTRIES_PER_PAGE)
    today = timezone.localdate()
    return render(
        request,
        "development/cpd_log.html",
        {
            "page_obj": page,
            "query_string": "",
            "year": today.year,
            "hours_this_year": queries.hours_in_year(request.user, today.year),
        },
    )


@require_http_methods(["GET", "POST"])
def entry_create(request):
    form = CpdEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        log_services.add_cpd_entry(member=request.user, **form.cleaned_data)
        messages.success(request, _("Added to your CPD log."))
        return redirect("development:log")
    return render(request, "development/entry_form.html", {"form": form, "entry": None})


@require_http_methods(["GET", "POST"])
def entry_edit(request, pk: int):
    entry = _own_entry(request, pk)
    form = CpdEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in log_services.ENTRY_FIELDS}
        # The form wrote its values onto the instance; the service saves them and marks the entry as edited.
        log_services.update_cpd_entry(member=request.user, entry=entry, **changes)
        messages.success(request, _("Your CPD entry is saved."))
        return redirect("development:log")
    return render(request, "development/entry_form.html", {"form": form, "entry": entry})


@require_http_methods(["GET", "POST"])
def entry_delete(request, pk: int):
    entry = _own_entry(request, pk)
    if request.method == "POST":
        log_services.delete_cpd_entry(member=request.user, entry=entry)
        messages.success(request, _("“%(title)s” is removed from your CPD log.") % {"title": entry.title})
        return redirect("development:log")
    return render(request, "development/entry_delete.html", {"entry": entry})


@require_GET
def export(request):
    """The export form; once its range is valid, the CSV file or the print-ready page itself."""
    form = ExportForm(request.GET if "start" in request.GET or "end" in request.GET else None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        entries = queries.entries_between(request.user, start, end)
        if form.cleaned_data["format"] == ExportFormat.CSV:
            return _csv_response(entries, start, end)
        totals, total_hours = queries.totals_by_category(entries)
        return render(
            request,
            "development/export_print.html",
            {
                "entries": entries,
                "totals": totals,
                "total_hours": total_hours,
                "start": start,
                "end": end,
                "generated_on": timezone.localdate(),
            },
        )
    return render(request, "development/export.html", {"form": form})


def _cell(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_response(entries, start: datetime.date, end: datetime.date) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cpd-log-{start.isoformat()}-to-{end.isoformat()}.csv"'
    # A byte-order mark tells spreadsheet programs the file is UTF-8, so names and dashes survive.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [_("Date"), _("Title"), _("Category"), _("Hours"), _("What I learned"), _("How it will change my practice")]
    )
    total = 0
    for entry in entries:
        total += entry.hours
        writer.writerow(
            [
                entry.date.isoformat(),
                _cell(entry.title),
                entry.get_category_display(),
                f"{entry.hours:.2f}",
                _cell(entry.learned),
                _cell(entry.practice_change),
            ]
        )
    writer.writerow(["", _("Total"), "", f"{total:.2f}", "", ""])
    return response
