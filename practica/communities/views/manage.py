"""Staff managing communities and divisions: create, archive and restore, in the product rather than the admin."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practica.communities.forms.manage import CommunityCreateForm, CommunityFilterForm, DivisionForm
from practica.communities.models import Community, Division
from practica.communities.permissions import can_manage_community, check
from practica.communities.services import communities as community_services
from practica.core.pagination import paginate

PAGE_SIZE = 50
STAFF_ONLY = gettext_lazy("Only staff manage communities and divisions.")


def _query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def community_admin_list(request):
    check(can_manage_community(request.user), STAFF_ONLY)
    form = CommunityFilterForm(request.GET or None)
    filters = form.filters()
    # Staff may know of every community; the list still starts from the visibility rule.
    communities = Community.objects.visible_to(request.user).select_related("division").order_by("name", "pk")
    if q := filters.get("q", "").strip():
        communities = communities.filter(name__icontains=q)
    if filters.get("status"):
        communities = communities.filter(status=filters["status"])
    if filters.get("membership"):
        communities = communities.filter(membership=filters["membership"])
    if filters.get("division"):
        communities = communities.filter(division=filters["division"])
    page = paginate(communities, request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "communities/manage_list.html",
        {"form": form, "page_obj": page, "query_string": _query_string_without_page(request)},
    )


@require_http_methods(["GET", "POST"])
def community_create(request):
    check(can_manage_community(request.user), STAFF_ONLY)
    form = CommunityCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = community_services.create_community(actor=request.user, **form.service_arguments())
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("“%(name)s” has been created. Now appoint its champions.") % {"name": community.name}
            )
            return redirect("communities:champions", pk=community.pk)
    return render(request, "communities/community_form.html", {"form": form})


@require_POST
def community_archive(request, pk: int):
    check(can_manage_community(request.user), STAFF_ONLY)
    community = get_object_or_404(Community.objects.visible_to(request.user), pk=pk)
    archived = request.POST.get("archived") == "1"
    community_services.set_community_archived(actor=request.user, community=community, archived=archived)
    if archived:
        message = _("“%(name)s” is archived: read-only, and still visible to its members.")
    else:
        message = _("“%(name)s” is restored and open again.")
    messages.success(request, message % {"name": community.name})
    return redirect("communities:manage")


@require_GET
def division_list(request):
    check(can_manage_community(request.user), STAFF_ONLY)
    divisions = Division.objects.annotate(community_count=Count("communities")).order_by("position", "name", "pk")
    page = paginate(divisions, request.GET.get("page"), per_page=PAGE_SIZE)
    return render(request, "communities/division_list.html", {"page_obj": page, "query_string": ""})


@require_http_methods(["GET", "POST"])
def division_create(request):
    check(can_manage_community(request.user), STAFF_ONLY)
    form = DivisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        division = community_services.create_division(actor=request.user, **form.service_arguments())
        messages.success(request, _("The division “%(name)s” has been created.") % {"name": division.name})
        return redirect("communities:divisions")
    return render(request, "communities/division_form.html", {"form": form, "division": None})


@require_http_methods(["GET", "POST"])
def division_edit(request, pk: int):
    check(can_manage_community(request.user), STAFF_ONLY)
    division = get_object_or_404(Division, pk=pk)
    if request.method == "POST" and "archived" in request.POST:
        archived = request.POST["archived"] == "1"
        community_services.set_division_archived(actor=request.user, division=division, archived=archived)
        if archived:
            message = _("The division “%(name)s” is archived: new communities and proposals cannot choose it.")
        else:
            message = _("The division “%(name)s” is restored.")
        messages.success(request, message % {"name": division.name})
        return redirect("communities:divisions")
    if request.method == "POST":
        form = DivisionForm(request.POST, division=division)
        if form.is_valid():
            community_services.update_division(actor=request.user, division=division, **form.service_arguments())
            messages.success(request, _("The division “%(name)s” has been saved.") % {"name": division.name})
            return redirect("communities:divisions")
    else:
        form = DivisionForm(
            division=division,
            initial={"name": division.name, "description": division.description, "position": division.position},
        )
    return render(request, "communities/division_form.html", {"form": form, "division": division})
