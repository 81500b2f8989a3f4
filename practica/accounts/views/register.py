"""The members register and invitations: staff pages, and the public invitation link."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practica.accounts.choices import ImportStatus
from practica.accounts.forms import INVITATION_SESSION_KEY
from practica.accounts.forms.register import InvitationForm, RegisterSearchForm, RegisterUploadForm
from practica.accounts.models import Invitation, RegisterImport
from practica.accounts.permissions import can_manage_invitations, can_manage_register, check
from practica.accounts.services.invitations import (
    create_invitation,
    find_usable_invitation,
    invitation_link,
    revoke_invitation,
)
from practica.accounts.services.register import (
    RegisterFileError,
    apply_register_import,
    discard_register_import,
    list_register_entries,
    plan_register_import,
    preview_register_import,
)
from practica.core.pagination import paginate

PAGE_SIZE = 50
# Long files: the preview shows this many rows of each kind, and says how many more there are.
PREVIEW_ROWS = 200
# The link of a new invitation waits here for one page view, so it is shown once and never stored.
NEW_INVITATION_SESSION_KEY = "practica_new_invitation"

REGISTER_STAFF_ONLY = gettext_lazy("Only staff can manage the members register.")
INVITATIONS_STAFF_ONLY = gettext_lazy("Only staff can manage invitations.")


def _page(request, queryset):
    return paginate(queryset, request.GET.get("page"), per_page=PAGE_SIZE)


@require_GET
def register_list(request):
    check(can_manage_register(request.user), REGISTER_STAFF_ONLY)
    form = RegisterSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page_obj = _page(request, list_register_entries(request.user, query=query))
    return render(
        request,
        "accounts/register/register_list.html",
        {
            "form": form,
            "query": query,
            "page_obj": page_obj,
            "entries": page_obj.object_list,
            "query_string": urlencode({"q": query}) if query else "",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def register_import(request):
    check(can_manage_register(request.user), REGISTER_STAFF_ONLY)
    form = RegisterUploadForm(request.POST, request.FILES) if request.method == "POST" else RegisterUploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            register_import = preview_register_import(actor=request.user, data=upload.read(), filename=upload.name)
        except RegisterFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("accounts:staff-register-import-detail", pk=register_import.pk)
    recent = RegisterImport.objects.select_related("created_by").defer("content")[:10]
    return render(request, "accounts/register/register_import.html", {"form": form, "recent_imports": recent})


@require_http_methods(["GET", "HEAD", "POST"])
def register_import_detail(request, pk: int):
    check(can_manage_register(request.user), REGISTER_STAFF_ONLY)
    register_import = get_object_or_404(RegisterImport.objects.select_related("created_by"), pk=pk)
    if request.method == "POST":
        return _decide_import(request, register_import)
    context = {"register_import": register_import, "preview_rows": PREVIEW_ROWS}
    if register_import.status == ImportStatus.PREVIEWED:
        plan = plan_register_import(register_import.content)
        context.update(
            plan=plan,
            counts=plan.counts(),
            created=plan.created[:PREVIEW_ROWS],
            updated=plan.updated[:PREVIEW_ROWS],
            rejected=plan.rejected[:PREVIEW_ROWS],
        )
    return render(request, "accounts/register/register_import_detail.html", context)


def _decide_import(request, register_import: RegisterImport):
    action = request.POST.get("action")
    try:
        if action == "apply":
            plan = apply_register_import(actor=request.user, register_import=register_import)
            messages.success(
                request,
                _(
                    "The register has been updated: %(created)s created, %(updated)s updated, "
                    "%(unchanged)s unchanged, %(rejected)s rejected."
                )
                % plan.counts(),
            )
        elif action == "discard":
            discard_register_import(actor=request.user, register_import=register_import)
            messages.success(request, _("The file has been discarded. The register has not changed."))
            return redirect("accounts:staff-register-import")
    except RegisterFileError as error:
        messages.error(request, str(error))
    except ValueError:
        messages.info(request, _("This file has already been applied or discarded."))
    return redirect("accounts:staff-register-import-detail", pk=register_import.pk)


def _invitation_status(invitation: Invitation, now) -> str:
    if invitation.revoked_at is not None:
        return _("Revoked")
    if invitation.use_count >= invitation.max_uses:
        return _("Used up")
    if invitation.expires_at <= now:
        return _("Expired")
    return _("Active")


@require_GET
def invitation_list(request):
    check(can_manage_invitations(request.user), INVITATIONS_STAFF_ONLY)
    page_obj = _page(request, Invitation.objects.select_related("created_by").order_by("-created_at", "-id"))
    now = timezone.now()
    for invitation in page_obj.object_list:
        invitation.status_label = _invitation_status(invitation, now)
        invitation.usable = invitation.is_usable(now)
    return render(
        request,
        "accounts/register/invitation_list.html",
        {
            "page_obj": page_obj,
            "invitations": page_obj.object_list,
            "new_invitation": request.session.pop(NEW_INVITATION_SESSION_KEY, None),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def invitation_create(request):
    check(can_manage_invitations(request.user), INVITATIONS_STAFF_ONLY)
    form = InvitationForm(request.POST) if request.method == "POST" else InvitationForm()
    if request.method == "POST" and form.is_valid():
        invitation, token = create_invitation(actor=request.user, **form.cleaned_data)
        request.session[NEW_INVITATION_SESSION_KEY] = {
            "pk": invitation.pk,
            "note": invitation.note,
            "link": invitation_link(token),
        }
        return redirect("accounts:staff-invitations")
    return render(request, "accounts/register/invitation_create.html", {"form": form})


@require_POST
def invitation_revoke(request, pk: int):
    check(can_manage_invitations(request.user), INVITATIONS_STAFF_ONLY)
    invitation = get_object_or_404(Invitation, pk=pk)
    revoke_invitation(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation has been revoked. Its link no longer works."))
    return redirect("accounts:staff-invitations")


@require_GET
def invitation_accept(request, token: str):
    """The public landing page of an invitation link: remember the invitation, then send the guest to sign up."""
    if request.user.is_authenticated:
        return render(request, "accounts/register/invitation_signed_in.html")
    invitation = find_usable_invitation(token)
    if invitation is None:
        # Unknown, expired, revoked and used-up links look the same, so a link reveals nothing about others.
        return render(request, "accounts/register/invitation_invalid.html", status=404)
    request.session[INVITATION_SESSION_KEY] = invitation.pk
    return render(request, "accounts/register/invitation_accept.html", {"invitation": invitation})
