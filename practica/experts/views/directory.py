"""The expert directory: members who offer to speak or advise, and each member's own entry in it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from practica.accounts.models import Profile
from practica.communities.models import Division
from practica.core.pagination import paginate
from practica.experts import queries
from practica.experts.forms.directory import ExpertProfileForm, ExpertSearchForm
from practica.experts.models import ExpertProfile
from practica.experts.services.directory import save_expert_profile


def _query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def directory(request):
    form = ExpertSearchForm(request.GET or None)
    filters = form.filters()
    experts = queries.list_experts(request.user, **filters)
    page = paginate(experts, request.GET.get("page"), per_page=queries.EXPERTS_PER_PAGE)
    return render(
        request,
        "experts/directory.html",
        {
            "form": form,
            "page_obj": page,
            "query_string": _query_string_without_page(request),
            "filtered": any(filters.values()),
            "own_profile": ExpertProfile.objects.filter(user=request.user).only("available").first(),
        },
    )


def _initial_from_member_profile(user) -> dict:
    """A first entry starts from what the member already wrote on their profile."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return {"available": True, "offers_talk": True}
    names = [name.strip().lower() for name in profile.divisions.split(",") if name.strip()]
    divisions = [
        division for division in Division.objects.filter(archived_at__isnull=True) if division.name.lower() in names
    ]
    return {"available": True, "offers_talk": True, "areas": profile.areas_of_practice, "divisions": divisions}


@require_http_methods(["GET", "POST"])
def expert_profile_edit(request):
    existing = ExpertProfile.objects.filter(user=request.user).first()
    if request.method == "POST":
        form = ExpertProfileForm(request.POST, instance=existing)
        if form.is_valid():
            profile = save_expert_profile(user=request.user, **form.cleaned_data)
            if profile.available:
                messages.success(request, _("Your entry in the expert directory is saved."))
            else:
                messages.success(request, _("You are no longer listed in the expert directory."))
            return redirect("experts:directory")
    else:
        form = ExpertProfileForm(
            instance=existing, initial=None if existing else _initial_from_member_profile(request.user)
        )
    return render(request, "experts/profile_form.html", {"form": form, "existing": existing})
