"""Member pages: the directory, profiles, editing and previewing one's own, and the account and privacy pages."""

import io
import json
import zipfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from practica.accounts import queries
from practica.accounts.forms.profiles import (
    DirectoryFilterForm,
    ErasureRequestForm,
    PreviewAudienceForm,
    ProfileForm,
)
from practica.accounts.models import Profile
from practica.accounts.permissions import can_block, is_blocked_by
from practica.accounts.services import members as member_services
from practica.accounts.services import profiles as profile_services


def _query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    members = queries.list_directory(request.user, **form.filters())
    page = queries.paginate(members, request.GET.get("page"), per_page=queries.DIRECTORY_PAGE_SIZE)
    return render(
        request,
        "accounts/profiles/directory.html",
        {
            "form": form,
            "page_obj": page,
            "cards": queries.directory_cards(request.user, page),
            "query_string": _query_string_without_page(request),
            "filtered": any(form.filters().values()),
        },
    )


@require_GET
def profile_detail(request, pk: int):
    view = queries.get_profile_for(request.user, pk)
    is_own = view.user.pk == request.user.pk
    return render(
        request,
        "accounts/profiles/profile_detail.html",
        {
            "view": view,
            "is_own": is_own,
            "can_block": not is_own and can_block(request.user, view.user),
            "blocked": not is_own and is_blocked_by(request.user, view.user),
        },
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request):
    member = request.user
    profile, _created = Profile.objects.get_or_create(user=member)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile, member=member)
        if form.is_valid():
            profile_services.update_profile(
                actor=member,
                member=member,
                display_name=form.cleaned_data["display_name"],
                values=form.profile_values(),
                photo=form.cleaned_data.get("photo"),
                remove_photo=form.cleaned_data.get("remove_photo", False),
            )
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile", pk=member.pk)
    else:
        form = ProfileForm(instance=profile, member=member)
    return render(request, "accounts/profiles/profile_edit.html", {"form": form})


@require_GET
def profile_preview(request):
    form = PreviewAudienceForm(request.GET or {"audience": "members"})
    audience = form.audience_or_default()
    return render(
        request,
        "accounts/profiles/profile_preview.html",
        {
            "form": form,
            "audience": audience,
            "audience_label": dict(PreviewAudienceForm.AUDIENCES)[audience],
            "view": queries.preview_profile(request.user, audience),
        },
    )


@require_GET
def account_overview(request):
    return render(
        request,
        "accounts/profiles/account_overview.html",
        {"pending_erasure": queries.pending_erasure_request_for(request.user)},
    )


@require_http_methods(["GET", "POST"])
def data_export(request):
    """GET explains what the download holds; POST builds it, so a stray link cannot start one."""
    if request.method == "GET":
        return render(request, "accounts/profiles/data_export.html")
    member = request.user
    data = queries.build_data_export(member)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        profile = queries.profile_of(member)
        if profile.photo:
            with profile.photo.open("rb") as photo:
                archive.writestr("photo.jpg", photo.read())
    profile_services.record_data_export(member=member)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    filename = f"practica-data-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def erasure_request(request):
    member = request.user
    pending = queries.pending_erasure_request_for(member)
    form = None
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            if pending is None:
                raise PermissionDenied(_("There is no pending request to cancel."))
            member_services.cancel_erasure(member=member, erasure=pending)
            messages.success(request, _("Your request has been withdrawn. Your account stays as it is."))
            return redirect("accounts:account")
        if pending is not None:
            raise PermissionDenied(_("You have already asked for your account to be erased."))
        form = ErasureRequestForm(request.POST)
        if form.is_valid():
            member_services.request_erasure(member=member, reason=form.cleaned_data["reason"])
            messages.success(request, _("We have your request. Staff will confirm it; you can withdraw it until then."))
            return redirect("accounts:account")
    elif pending is None:
        form = ErasureRequestForm()
    return render(request, "accounts/profiles/erasure_request.html", {"form": form, "pending": pending})
