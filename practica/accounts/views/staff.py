"""Staff pages about members: the staff home, the members list, roles, the audit log and erasure requests."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from practica.accounts import queries
from practica.accounts.forms.staff import AuditFilterForm, ErasureDecisionForm, MemberFilterForm, RoleForm
from practica.accounts.models import ErasureRequest, User
from practica.accounts.permissions import can_change_role, can_decide_erasure, can_view_member_admin, check
from practica.accounts.services import members as member_services
from practica.core.home import staff_tools
from practica.core.worker import tasks_are_stuck

STAFF_ONLY = gettext_lazy("Only staff can use the staff tools.")


def _query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def staff_home(request):
    check(can_view_member_admin(request.user), STAFF_ONLY)
    return render(
        request,
        "accounts/staff/staff_home.html",
        {"show_worker_warning": tasks_are_stuck(), "other_tools": staff_tools()},
    )


@require_GET
def member_list(request):
    check(can_view_member_admin(request.user), STAFF_ONLY)
    form = MemberFilterForm(request.GET or None)
    members = queries.with_block_counts(queries.list_members_for_staff(**form.filters()))
    page = queries.paginate(members, request.GET.get("page"), per_page=queries.STAFF_PAGE_SIZE)
    can_change_roles = request.user.is_site_admin
    threshold = settings.BLOCK_ALERT_THRESHOLD
    rows = [
        {
            "member": member,
            # An anonymous count, and only once it reaches the threshold: never who blocked.
            "blocked_by": member.blocked_by_count if member.blocked_by_count >= threshold else None,
            # One small form per row for admins; the role service decides whether the change is allowed.
            "role_form": RoleForm(initial={"role": member.role}, prefix=f"m{member.pk}")
            if can_change_roles and member.pk != request.user.pk
            else None,
        }
        for member in page.object_list
    ]
    return render(
        request,
        "accounts/staff/member_list.html",
        {"form": form, "page_obj": page, "rows": rows, "query_string": _query_string_without_page(request)},
    )


@require_http_methods(["GET", "POST"])
def member_role(request, pk: int):
    check(can_view_member_admin(request.user), STAFF_ONLY)
    check(request.user.is_site_admin, _("Only an admin can change roles."))
    member = get_object_or_404(User.objects.filter(erased_at__isnull=True), pk=pk)
    check(member.pk != request.user.pk, _("You cannot change your own role; ask another admin."))
    # The members list posts a prefixed field per row; this page posts an unprefixed one.
    prefix = f"m{member.pk}" if f"m{member.pk}-role" in request.POST else None
    if request.method == "POST":
        form = RoleForm(request.POST, prefix=prefix)
        if form.is_valid():
            role = form.cleaned_data["role"]
            check(can_change_role(request.user, member, role), _("This role change is not allowed."))
            member_services.change_role(actor=request.user, member=member, role=role)
            messages.success(
                request,
                _("%(name)s is now %(role)s.") % {"name": member.display_name, "role": member.get_role_display()},
            )
            return redirect("accounts:staff-members")
    else:
        form = RoleForm(initial={"role": member.role})
    return render(request, "accounts/staff/member_role.html", {"form": form, "member": member})


@require_GET
def audit_log(request):
    check(can_view_member_admin(request.user), STAFF_ONLY)
    form = AuditFilterForm(request.GET or None, actions=queries.audit_actions())
    action = form.cleaned_data.get("action", "") if form.is_valid() else ""
    page = queries.paginate(
        queries.list_audit_entries(action=action), request.GET.get("page"), per_page=queries.STAFF_PAGE_SIZE
    )
    return render(
        request,
        "accounts/staff/audit_log.html",
        {"form": form, "page_obj": page, "query_string": _query_string_without_page(request)},
    )


@require_GET
def erasure_list(request):
    check(can_decide_erasure(request.user), _("Only staff can decide erasure requests."))
    page = queries.paginate(queries.list_erasure_requests(), request.GET.get("page"), per_page=queries.STAFF_PAGE_SIZE)
    return render(request, "accounts/staff/erasure_list.html", {"page_obj": page, "query_string": ""})


@require_http_methods(["GET", "POST"])
def erasure_decide(request, pk: int):
    check(can_decide_erasure(request.user), _("Only staff can decide erasure requests."))
    erasure = get_object_or_404(ErasureRequest.objects.select_related("user", "decided_by"), pk=pk)
    if request.method == "POST":
        form = ErasureDecisionForm(request.POST)
        if form.is_valid():
            erase = form.cleaned_data["decision"] == "erase"
            member_services.decide_erasure(
                actor=request.user, erasure=erasure, erase=erase, note=form.cleaned_data["note"]
            )
            messages.success(request, _("The account has been erased.") if erase else _("The request was declined."))
            return redirect("accounts:staff-erasure-list")
    else:
        form = ErasureDecisionForm()
    return render(request, "accounts/staff/erasure_decide.html", {"form": form, "erasure": erasure})
