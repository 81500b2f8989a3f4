"""Finding communities: the directory with its filters, and a division's page."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from practica.communities import permissions, queries
from practica.communities.choices import JoinRequestStatus
from practica.communities.forms.community import CommunityFilterForm
from practica.core.pagination import paginate

COMMUNITIES_PER_PAGE = 24


def join_state(user, community) -> str:
    """What the viewer can do about joining, for the card and the community's home page.

    Reads the annotated `viewer_role` and `viewer_request`, so it costs no query per community.
    """
    role = permissions.membership_role(user, community)
    if role is not None:
        return role  # "member" or "champion"
    request_status = getattr(community, "viewer_request", None)
    if request_status == JoinRequestStatus.PENDING:
        return "pending"
    if request_status == JoinRequestStatus.WAITLISTED:
        return "waitlisted"
    if permissions.can_join(user, community):
        return "join"
    if permissions.can_request_to_join(user, community):
        return "request"
    return ""


def _cards(user, page) -> list[dict]:
    return [{"community": community, "join_state": join_state(user, community)} for community in page.object_list]


def _query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def community_list(request):
    form = CommunityFilterForm(request.GET or None, divisions=queries.list_divisions())
    filters = form.filters()
    communities = queries.list_communities(request.user, **filters)
    page = paginate(communities, request.GET.get("page"), per_page=COMMUNITIES_PER_PAGE)
    context = {
        "form": form,
        "page_obj": page,
        "cards": _cards(request.user, page),
        "query_string": _query_string_without_page(request),
        "filtered": bool(filters["division"] or filters["mine"]),
    }
    template = "communities/community_list.html"
    if request.htmx:
        # The filter form swaps only the results; the full page is the same URL without JavaScript.
        template += "#results"
    return render(request, template, context)


@require_GET
def division_detail(request, slug: str):
    division = get_object_or_404(queries.list_divisions(), slug=slug)
    page = paginate(
        queries.list_communities(request.user, division=division),
        request.GET.get("page"),
        per_page=COMMUNITIES_PER_PAGE,
    )
    return render(
        request,
        "communities/division_detail.html",
        {"division": division, "page_obj": page, "cards": _cards(request.user, page), "query_string": ""},
    )
