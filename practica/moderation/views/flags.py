"""Flagging: the form behind each post's, topic's and profile's "Flag" control, and withdrawing a flag.

A thing the member may not see is a 404, exactly as if it did not exist; their own content is a 403 with the
reason. The page names what is flagged (its title, number and author) but never shows its text, so a hidden
post's text does not reach anyone through it.
"""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from practica.moderation.forms.flags import FlagForm
from practica.moderation.models import Flag
from practica.moderation.services.flags import FlagError, open_flag_of, raise_flag, withdraw_flag
from practica.moderation.targets import adapter_for


def _visible_target(user, label: str, pk: int):
    adapter = adapter_for(label)
    if adapter is None:
        raise Http404
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    target = get_object_or_404(model, pk=pk)
    if not adapter.can_view(user, target):
        raise Http404
    return adapter, target


@require_http_methods(["GET", "POST"])
def flag_create(request, label: str, pk: int):
    user = request.user
    adapter, target = _visible_target(user, label, pk)
    author = adapter.author_of(target)
    if author is not None and author.pk == user.pk:
        raise PermissionDenied(_("You cannot flag your own %(noun)s.") % {"noun": adapter.noun})
    if user.is_silenced():
        raise PermissionDenied(_("A moderator has paused your posting and flagging for now."))
    described = adapter.describe(target)
    existing = open_flag_of(user, target)
    form = FlagForm(request.POST or None)
    if request.method == "POST":
        if existing is not None:
            form.add_error(None, _("You have already flagged this."))
        elif form.is_valid():
            try:
                raise_flag(
                    flagger=user,
                    target=target,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                )
            except FlagError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("Thank you. Your flag is with the moderators."))
                return redirect(described.get("url") or "core:home")
    context = {
        "adapter": adapter,
        "label": label,
        "target": target,
        "described": {key: value for key, value in described.items() if key != "text"},
        "form": form,
        "existing": existing,
    }
    return render(request, "moderation/flag_form.html", context)


@require_POST
def flag_withdraw(request, pk: int):
    # Someone else's flag is a 404, exactly as if it did not exist.
    flag = get_object_or_404(Flag.objects.select_related("content_type"), pk=pk, flagger=request.user)
    try:
        withdraw_flag(flagger=request.user, flag=flag)
    except FlagError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your flag is withdrawn."))
    target = flag.target
    adapter = adapter_for(target) if target is not None else None
    if adapter is not None and adapter.can_view(request.user, target):
        return redirect(adapter.describe(target).get("url") or "core:home")
    return redirect("core:home")
