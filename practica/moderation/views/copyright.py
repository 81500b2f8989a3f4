"""Copyright notices: the notice form (members and staff), staff's list, the decision, and the repeat-infringer
suspension. Deciding and listing are staff-only (404 for everyone else)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from practica.core.pagination import paginate
from practica.moderation.choices import CopyrightStatus
from practica.moderation.forms.copyright import CopyrightDecisionForm, CopyrightNoticeForm
from practica.moderation.models import CopyrightNotice
from practica.moderation.permissions import can_manage_cases
from practica.moderation.services import copyright as services
from practica.moderation.services.actions import ActionError, AlreadyActed
from practica.moderation.services.queue import AlreadyResolved
from practica.moderation.services.reports import item_url

NOTICES_PER_PAGE = 30


def _staff_only(user) -> None:
    if not can_manage_cases(user):
        raise Http404


def _back(notice: CopyrightNotice):
    return redirect(item_url(notice.review_item) if notice.review_item_id else "moderation:copyright-notices")


@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="user", rate="10/h", method="POST", block=False)
def notice_create(request):
    user = request.user
    # Staff enter notices received by e-mail: the claimant is someone else, so nothing is filled in for them.
    initial = {} if can_manage_cases(user) else {"claimant_name": user.display_name, "claimant_email": user.email}
    if request.method == "GET" and request.GET.get("link"):
        initial["location"] = request.GET["link"][:500]
    form = CopyrightNoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if getattr(request, "limited", False):
            form.add_error(None, _("You have sent several notices in the last hour. Please e-mail us instead."))
        else:
            services.submit_notice(submitter=user, **form.cleaned_data)
            messages.success(
                request, _("Thank you. Your copyright notice has been sent to the Communities of Practice team.")
            )
            return redirect("moderation:copyright-notices" if can_manage_cases(user) else "core:home")
    return render(request, "moderation/copyright/notice_form.html", {"form": form})


@require_GET
def notice_list(request):
    _staff_only(request.user)
    status = request.GET.get("status", "")
    if status not in CopyrightStatus.values:
        status = ""
    notices = services.list_notices(request.user, status=status)
    page = paginate(notices, request.GET.get("page"), per_page=NOTICES_PER_PAGE)
    return render(
        request,
        "moderation/copyright/notice_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": CopyrightStatus.choices,
            "query_string": f"status={status}" if status else "",
        },
    )


@require_POST
def notice_decide(request, pk: int):
    _staff_only(request.user)
    notice = get_object_or_404(CopyrightNotice, pk=pk)
    form = CopyrightDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to remove the material."))
        return _back(notice)
    try:
        if form.cleaned_data["decision"] == "uphold":
            services.uphold_notice(actor=request.user, notice=notice)
            messages.success(request, _("The material is removed and the notice is recorded as upheld."))
        else:
            services.reject_notice(actor=request.user, notice=notice, reason=form.cleaned_data["reason"])
            messages.success(request, _("The notice is recorded as not upheld; the material stays."))
    except AlreadyResolved as error:
        messages.warning(request, str(error))
    return _back(notice)


@require_POST
def notice_suspend(request, pk: int):
    """Staff: suspend the uploader as a repeat infringer (offered once they reach the site's count)."""
    _staff_only(request.user)
    notice = get_object_or_404(CopyrightNotice.objects.select_related("uploader", "review_item"), pk=pk)
    try:
        services.suspend_repeat_infringer(actor=request.user, notice=notice)
    except (AlreadyActed, ActionError) as error:
        messages.warning(request, str(error))
    else:
        messages.success(request, _("The member is suspended as a repeat infringer and has been told why."))
    return _back(notice)
