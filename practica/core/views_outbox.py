"""The staff outbox page: what e-mail is waiting, sent or failed, with "Retry now" and "Cancel".

Staff see the address, category and subject of each e-mail, never its body: bodies may carry community text
or private messages, and staff need only know whether mail is flowing.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from practica.core import outbox
from practica.core.models import OutboxEmail, OutboxStatus
from practica.core.pagination import paginate
from practica.core.worker import tasks_are_stuck

STAFF_ONLY = gettext_lazy("Only staff can see the e-mail outbox.")


def _check_staff(user) -> None:
    # Core sits below accounts, so it asks the user object rather than accounts.permissions.
    if not getattr(user, "is_lead", False):
        raise PermissionDenied(STAFF_ONLY)


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    category = forms.ChoiceField(label=gettext_lazy("Kind of e-mail"), required=False)
    address = forms.CharField(label=gettext_lazy("Recipient address contains"), required=False, max_length=120)

    def __init__(self, *args, categories: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any")), *OutboxStatus.choices]
        self.fields["category"].choices = [("", _("Any")), *((c, c) for c in categories if c)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: self.cleaned_data[name] for name in ("status", "category", "address")}


@require_GET
def outbox_list(request):
    _check_staff(request.user)
    form = OutboxFilterForm(request.GET or None, categories=outbox.categories())
    page = paginate(
        outbox.list_emails_for_staff(**form.filters()), request.GET.get("page"), per_page=outbox.STAFF_PAGE_SIZE
    )
    params = request.GET.copy()
    params.pop("page", None)
    counts = outbox.status_counts()
    return render(
        request,
        "core/outbox.html",
        {
            "form": form,
            "page_obj": page,
            "query_string": params.urlencode(),
            "counts": [(status, label, counts[status]) for status, label in OutboxStatus.choices],
            "retryable": {OutboxStatus.FAILED, OutboxStatus.QUEUED},
            "cancellable": {OutboxStatus.FAILED, OutboxStatus.QUEUED},
            "show_worker_warning": tasks_are_stuck(),
        },
    )


def _back_to_list(request):
    target = request.POST.get("next", "")
    if (
        target
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        and target.startswith("/")
    ):
        return redirect(target)
    return redirect("core:outbox")


@require_POST
def outbox_retry(request, pk: int):
    _check_staff(request.user)
    email = get_object_or_404(OutboxEmail, pk=pk)
    try:
        outbox.retry_email(actor=request.user, email=email)
    except outbox.OutboxActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("The e-mail to %(address)s will be sent again now.") % {"address": email.to_address}
        )
    return _back_to_list(request)


@require_POST
def outbox_cancel(request, pk: int):
    _check_staff(request.user)
    email = get_object_or_404(OutboxEmail, pk=pk)
    try:
        outbox.cancel_email(actor=request.user, email=email)
    except outbox.OutboxActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The e-mail to %(address)s will not be sent.") % {"address": email.to_address})
    return _back_to_list(request)
