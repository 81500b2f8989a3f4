"""The benefits record: the list (staff see all; champions their communities'), logging, editing, deleting,
and staff's categories. Members who champion nothing get 403; a benefit the viewer may not see is a 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from practica.core.pagination import paginate
from practica.surveys import queries
from practica.surveys.forms.benefits import BenefitFilterForm, BenefitForm, CategoryForm
from practica.surveys.models import BenefitCategory
from practica.surveys.permissions import (
    can_change_benefit,
    can_log_benefit,
    can_manage_benefit_categories,
    can_view_benefits,
    check,
)
from practica.surveys.services import benefits as benefit_services
from practica.surveys.services.benefits import BenefitError

FOR_STAFF_AND_CHAMPIONS = gettext_lazy("The benefits record is kept by staff and by champions for their communities.")


def _refusal(form, error: Exception) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


@require_GET
def benefit_list(request):
    check(can_view_benefits(request.user), str(FOR_STAFF_AND_CHAMPIONS))
    filter_form = BenefitFilterForm(request.GET or None, viewer=request.user)
    page = paginate(
        queries.list_benefits(request.user, **filter_form.filters()),
        request.GET.get("page"),
        per_page=queries.BENEFITS_PER_PAGE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "surveys/benefit_list.html",
        {
            "page_obj": page,
            "filter_form": filter_form,
            "query_string": query.urlencode(),
            "evidence_visible": queries.evidence_visible_to(request.user, page.object_list),
            "can_log": can_log_benefit(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def benefit_create(request):
    check(can_log_benefit(request.user), str(FOR_STAFF_AND_CHAMPIONS))
    form = BenefitForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            benefit_services.log_benefit(actor=request.user, **form.cleaned_data)
        except BenefitError as error:
            _refusal(form, error)
        else:
            messages.success(request, _("The benefit is logged. Thank you: the board hears about it in its report."))
            return redirect("surveys:benefits")
    return render(request, "surveys/benefit_form.html", {"form": form, "benefit": None})


@require_http_methods(["GET", "POST"])
def benefit_edit(request, pk: int):
    benefit = queries.get_benefit_for(request.user, pk)
    check(can_change_benefit(request.user, benefit), _("Only whoever logged this benefit, or staff, can change it."))
    form = BenefitForm(request.POST or None, instance=benefit, actor=request.user)
    if request.method == "POST" and form.is_valid():
        # The form wrote its values onto `benefit`; the service reloads the row and applies them with its checks.
        try:
            benefit_services.update_benefit(actor=request.user, benefit=benefit, **form.cleaned_data)
        except BenefitError as error:
            _refusal(form, error)
        else:
            messages.success(request, _("The benefit is saved."))
            return redirect("surveys:benefits")
    return render(request, "surveys/benefit_form.html", {"form": form, "benefit": benefit})


@require_http_methods(["GET", "POST"])
def benefit_delete(request, pk: int):
    benefit = queries.get_benefit_for(request.user, pk)
    check(can_change_benefit(request.user, benefit), _("Only whoever logged this benefit, or staff, can delete it."))
    if request.method == "POST":
        benefit_services.delete_benefit(actor=request.user, benefit=benefit)
        messages.success(request, _("The benefit is deleted."))
        return redirect("surveys:benefits")
    return render(request, "surveys/benefit_delete.html", {"benefit": benefit})


@require_http_methods(["GET", "POST"])
def category_list(request):
    check(can_manage_benefit_categories(request.user), _("Only staff change the benefit categories."))
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            benefit_services.save_benefit_category(actor=request.user, **form.cleaned_data)
        except BenefitError as error:
            _refusal(form, error)
        else:
            messages.success(request, _("The category is added."))
            return redirect("surveys:categories")
    return render(request, "surveys/category_list.html", {"form": form, "categories": queries.benefit_categories()})


@require_http_methods(["GET", "POST"])
def category_edit(request, pk: int):
    check(can_manage_benefit_categories(request.user), _("Only staff change the benefit categories."))
    category = get_object_or_404(BenefitCategory, pk=pk)
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            benefit_services.save_benefit_category(actor=request.user, category=category, **form.cleaned_data)
        except BenefitError as error:
            _refusal(form, error)
        else:
            messages.success(request, _("The category is saved."))
            return redirect("surveys:categories")
    return render(request, "surveys/category_form.html", {"form": form, "category": category})
