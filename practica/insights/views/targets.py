"""Staff's targets for the board: list with progress, add, change, delete."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from practica.insights import queries
from practica.insights.forms.insights import TargetForm
from practica.insights.models import Target
from practica.insights.permissions import can_manage_targets, check
from practica.insights.services.targets import create_target, delete_target, update_target
from practica.insights.views.dashboards import target_charts

STAFF_ONLY = gettext_lazy("Only staff set targets.")


@require_GET
def target_list(request):
    check(can_manage_targets(request.user), STAFF_ONLY)
    progress = queries.list_target_progress()
    target_charts(progress, reverse("insights:export"))
    return render(request, "insights/target_list.html", {"progress": progress})


@require_http_methods(["GET", "POST"])
def target_create(request):
    check(can_manage_targets(request.user), STAFF_ONLY)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        create_target(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The target is set. Its progress shows on the insights dashboard."))
        return redirect("insights:targets")
    return render(request, "insights/target_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int):
    check(can_manage_targets(request.user), STAFF_ONLY)
    target = get_object_or_404(Target, pk=pk)
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        update_target(actor=request.user, target=target, **form.cleaned_data)
        messages.success(request, _("The target is changed."))
        return redirect("insights:targets")
    return render(request, "insights/target_form.html", {"form": form, "target": target})


@require_http_methods(["GET", "POST"])
def target_delete(request, pk: int):
    check(can_manage_targets(request.user), STAFF_ONLY)
    target = get_object_or_404(Target, pk=pk)
    if request.method == "POST":
        delete_target(actor=request.user, target=target)
        messages.success(request, _("The target is deleted."))
        return redirect("insights:targets")
    return render(request, "insights/target_delete.html", {"target": target})
