"""Blocking members: confirming and undoing a block, and the "My blocks" page.

Only the blocker ever sees anything here; the blocked member is not told (see services.blocks).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from practica.accounts import queries
from practica.accounts.models import Block, User
from practica.accounts.permissions import can_block, check
from practica.accounts.services import blocks as block_services

BLOCKS_PER_PAGE = 50


def _target(pk: int) -> User:
    # Not limited to the directory: members who chose not to be listed still post, and can be blocked.
    return get_object_or_404(User.objects.filter(is_active=True, erased_at__isnull=True), pk=pk)


def _safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return ""


@require_http_methods(["GET", "POST"])
def block(request, pk: int):
    """GET explains what blocking does; POST blocks, so a stray link cannot."""
    member = _target(pk)
    check(member.pk != request.user.pk, _("You cannot block yourself."))
    check(can_block(request.user, member), _("You cannot block this member."))
    if request.method == "POST":
        block_services.block_member(blocker=request.user, blocked=member)
        messages.success(
            request,
            _("You blocked %(name)s. They are not told. You can undo this from My blocks.")
            % {"name": member.display_name},
        )
        return redirect(_safe_next(request) or reverse("accounts:profile", args=[member.pk]))
    return render(
        request,
        "accounts/blocks/block_confirm.html",
        {
            "member": member,
            "next": _safe_next(request),
            "already_blocked": Block.objects.filter(blocker=request.user, blocked=member).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def unblock(request, pk: int):
    member = _target(pk)
    if request.method == "POST":
        block_services.unblock_member(blocker=request.user, blocked=member)
        messages.success(request, _("You unblocked %(name)s.") % {"name": member.display_name})
        return redirect(_safe_next(request) or reverse("accounts:profile", args=[member.pk]))
    return render(request, "accounts/blocks/unblock_confirm.html", {"member": member, "next": _safe_next(request)})


@require_GET
def block_list(request):
    page = queries.paginate(queries.list_blocks_made(request.user), request.GET.get("page"), per_page=BLOCKS_PER_PAGE)
    return render(request, "accounts/blocks/block_list.html", {"page_obj": page, "query_string": ""})
