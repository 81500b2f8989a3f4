"""The member's personal development plan: goals with target dates and progress. Private like the log."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from practica.core.pagination import paginate
from practica.development import queries
from practica.development.forms.plan import GoalForm
from practica.development.models import DevelopmentGoal
from practica.development.services import plan as plan_services


def _own_goal(request, pk: int) -> DevelopmentGoal:
    return get_object_or_404(DevelopmentGoal.objects.visible_to(request.user), pk=pk)


@require_GET
def plan(request):
    page = paginate(queries.list_goals(request.user), request.GET.get("page"), per_page=queries.GOALS_PER_PAGE)
    return render(request, "development/plan.html", {"page_obj": page, "query_string": ""})


@require_http_methods(["GET", "POST"])
def goal_create(request):
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan_services.add_goal(member=request.user, **form.cleaned_data)
        messages.success(request, _("The goal is added to your plan."))
        return redirect("development:plan")
    return render(request, "development/goal_form.html", {"form": form, "goal": None})


@require_http_methods(["GET", "POST"])
def goal_edit(request, pk: int):
    goal = _own_goal(request, pk)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        plan_services.update_goal(member=request.user, goal=goal, **form.cleaned_data)
        messages.success(request, _("Your goal is saved."))
        return redirect("development:plan")
    return render(request, "development/goal_form.html", {"form": form, "goal": goal})


@require_http_methods(["GET", "POST"])
def goal_delete(request, pk: int):
    goal = _own_goal(request, pk)
    if request.method == "POST":
        plan_services.delete_goal(member=request.user, goal=goal)
        messages.success(request, _("“%(title)s” is removed from your plan.") % {"title": goal.title})
        return redirect("development:plan")
    return render(request, "development/goal_delete.html", {"goal": goal})
