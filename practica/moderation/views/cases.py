"""Staff's case records: the list, opening a case, a case's page with notes and status, and its exports.
Cases are staff-only: everyone else gets 404, as if they did not exist."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practica.accounts.models import User
from practica.core.pagination import paginate
from practica.moderation.choices import CaseStatus
from practica.moderation.forms.cases import CaseNoteForm, CaseOpenForm, CaseStatusForm
from practica.moderation.models import Case
from practica.moderation.permissions import can_manage_cases
from practica.moderation.services import cases as services

CASES_PER_PAGE = 30


def _staff_only(user) -> None:
    if not can_manage_cases(user):
        raise Http404


def _case_for(user, pk: int) -> Case:
    return get_object_or_404(services.visible_cases(user).select_related("member", "opened_by"), pk=pk)


@require_GET
def case_list(request):
    _staff_only(request.user)
    status = request.GET.get("status", "")
    if status not in CaseStatus.values:
        status = ""
    page = paginate(services.list_cases(request.user, status=status), request.GET.get("page"), per_page=CASES_PER_PAGE)
    return render(
        request,
        "moderation/cases/case_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": CaseStatus.choices,
            "query_string": f"status={status}" if status else "",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def case_create(request):
    _staff_only(request.user)
    initial = {}
    member_pk = request.GET.get("member", "")
    if member_pk.isdigit():
        member = User.objects.filter(pk=int(member_pk)).first()
        if member is not None:
            initial["member"] = member.email
    form = CaseOpenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        case = services.open_case(
            actor=request.user,
            member=form.cleaned_data["member"],
            title=form.cleaned_data["title"],
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
        messages.success(request, _("The case is open."))
        return redirect("moderation:case", pk=case.pk)
    return render(request, "moderation/cases/case_form.html", {"form": form})


def _detail(request, case: Case, *, note_form=None, status_form=None, status=200):
    record = services.case_record(case)
    context = {
        "case": case,
        "record": record,
        "note_form": note_form or CaseNoteForm(),
        "status_form": status_form or CaseStatusForm(initial={"status": case.status}),
    }
    return render(request, "moderation/cases/case_detail.html", context, status=status)


@require_GET
def case_detail(request, pk: int):
    _staff_only(request.user)
    return _detail(request, _case_for(request.user, pk))


@require_POST
def case_note(request, pk: int):
    _staff_only(request.user)
    case = _case_for(request.user, pk)
    form = CaseNoteForm(request.POST)
    if not form.is_valid():
        return _detail(request, case, note_form=form, status=400)
    services.add_case_note(
        actor=request.user,
        case=case,
        text=form.cleaned_data["text"],
        idempotency_key=form.cleaned_data["idempotency_key"],
    )
    messages.success(request, _("The note is added to the case."))
    return redirect("moderation:case", pk=case.pk)


@require_POST
def case_status(request, pk: int):
    _staff_only(request.user)
    case = _case_for(request.user, pk)
    form = CaseStatusForm(request.POST)
    if not form.is_valid():
        return _detail(request, case, status_form=form, status=400)
    services.change_case_status(
        actor=request.user, case=case, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("The case's status is saved."))
    return redirect("moderation:case", pk=case.pk)


@require_GET
def case_print(request, pk: int):
    """A print-ready page (no navigation) for the professional conduct process; print it or save it as PDF."""
    _staff_only(request.user)
    case = _case_for(request.user, pk)
    services.record_case_export(actor=request.user, case=case, fmt="html")
    return render(request, "moderation/cases/case_print.html", {"case": case, "record": services.case_record(case)})


@require_GET
def case_json(request, pk: int):
    _staff_only(request.user)
    case = _case_for(request.user, pk)
    services.record_case_export(actor=request.user, case=case, fmt="json")
    data = services.case_as_json(services.case_record(case))
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="case-{case.pk}.json"'
    return response
