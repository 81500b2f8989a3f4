"""Reading the library: the site-wide list, a community's library, an item's page, collections.

Every view starts from a `queries.get_*_for` or a `visible_to` queryset (404 for whoever may not see the
thing, exactly as if it did not exist) and asks `permissions.can_*` before offering an action.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from practica.communities import queries as community_queries
from practica.communities.models import Community
from practica.core.pagination import paginate
from practica.library import permissions, queries
from practica.library.forms import AddToCollectionForm, LibraryFilterForm
from practica.library.permissions import addable_communities

COLLECTIONS_PER_PAGE = 30


def _query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _list_page(request, *, community=None):
    user = request.user
    if community is None:
        communities = list(queries.list_library_communities(user))
        form = LibraryFilterForm(request.GET or None, tags=queries.list_tags(user), communities=communities)
        filters = form.filters()
        can_add = user.is_lead or addable_communities(user, Community.objects.all()).exists()
    else:
        form = LibraryFilterForm(request.GET or None, tags=queries.list_tags(user, community=community))
        filters = {**form.filters(), "community": community}
        can_add = permissions.can_add_to_library(user, community)
    page = paginate(queries.list_items(user, **filters), request.GET.get("page"), per_page=queries.ITEMS_PER_PAGE)
    context = {
        "community": community,
        "form": form,
        "page_obj": page,
        "items": page.object_list,
        "filtered": any(value for key, value in filters.items() if key not in {"sort", "community"})
        or (community is None and filters.get("community") is not None),
        "query_string": _query_string_without_page(request),
        "can_add": can_add,
        "can_manage_collections": permissions.can_manage_collection(user, community),
    }
    template = "library/item_list.html"
    if request.htmx and not request.htmx.boosted and not form.errors:
        # The filter form swaps only the results; without JavaScript it is the same URL as a full page.
        return render(request, template + "#results", context)
    response = render(request, template, context)
    if request.htmx and not request.htmx.boosted:
        # A date that cannot be used: swap the whole page body so its message shows next to the field.
        response["HX-Retarget"] = "#main"
        response["HX-Reselect"] = "#main"
        response["HX-Reswap"] = "outerHTML"
    return response


@require_GET
def library_index(request):
    return _list_page(request)


@require_GET
def community_library(request, pk: int):
    community = community_queries.get_readable_community_for(request.user, pk)
    return _list_page(request, community=community)


@require_GET
def item_detail(request, pk: int):
    user = request.user
    item = queries.get_item_for(user, pk)
    can_edit = permissions.can_edit_item(user, item)
    addable = queries.collections_for_adding(user, item)
    collect_form = AddToCollectionForm(collections=addable) if addable.exists() else None
    return render(
        request,
        "library/item_detail.html",
        {
            "item": item,
            "community": item.community,
            "versions": list(queries.list_versions(item)) if item.is_file else [],
            "discussed_in": queries.discussed_in(user, item),
            "collections": list(queries.collections_of(user, item)),
            "collect_form": collect_form,
            "can_edit": can_edit,
            "can_add_version": permissions.can_add_version(user, item),
            "can_remove": permissions.can_remove_item(user, item),
            "can_moderate": permissions.can_moderate_item(user, item),
            "can_like": permissions.can_like_item(user, item),
        },
    )


@require_GET
def collection_list(request):
    user = request.user
    page = paginate(queries.list_collections(user), request.GET.get("page"), per_page=COLLECTIONS_PER_PAGE)
    return render(
        request,
        "library/collection_list.html",
        {"page_obj": page, "query_string": "", "can_create": user.is_lead or _leads_any(user)},
    )


def _leads_any(user) -> bool:
    from practica.communities.choices import CommunityRole
    from practica.communities.models import CommunityMember

    return CommunityMember.objects.filter(user=user, role=CommunityRole.CHAMPION).exists()


@require_GET
def collection_detail(request, pk: int):
    user = request.user
    collection = queries.get_collection_for(user, pk)
    entries = list(queries.collection_entries(user, collection))
    return render(
        request,
        "library/collection_detail.html",
        {
            "collection": collection,
            "community": collection.community,
            "entries": entries,
            "can_manage": permissions.can_manage_collection(user, collection.community),
        },
    )
