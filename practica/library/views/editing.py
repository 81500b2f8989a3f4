"""Adding to the library: items, new versions, edits, removal, likes, hiding, and collections.

Views parse the form, call one service, and redirect (POST-redirect-GET). A refused upload is an error next
to the file field and the rest of the form keeps what the person typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from practica.communities import queries as community_queries
from practica.communities.models import Community
from practica.library import permissions, queries
from practica.library.forms import (
    AddToCollectionForm,
    CollectionForm,
    ItemCreateForm,
    ItemEditForm,
    VersionForm,
)
from practica.library.models import LibraryItem
from practica.library.queries import SITE
from practica.library.services import LibraryError
from practica.library.services import collections as collection_services
from practica.library.services import items as item_services


def _show_service_error(form, error: LibraryError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


@require_http_methods(["GET", "POST"])
def item_create(request):
    user = request.user
    communities = list(permissions.addable_communities(user, Community.objects.all()).order_by("name"))
    site_allowed = permissions.can_add_to_library(user, None)
    if not communities and not site_allowed:
        raise PermissionDenied(_("Join a community to add to its library."))
    if request.method == "POST":
        form = ItemCreateForm(request.POST, request.FILES, communities=communities, site_allowed=site_allowed)
        if form.is_valid():
            try:
                item = item_services.create_item(
                    author=user,
                    community=form.chosen_community(),
                    kind=form.cleaned_data["kind"],
                    details=form.details(),
                    upload=form.cleaned_data.get("file"),
                )
            except LibraryError as error:
                _show_service_error(form, error)
            else:
                messages.success(request, _("“%(title)s” is in the library.") % {"title": item.title})
                return redirect("library:item", pk=item.pk)
    else:
        wanted = request.GET.get("community", "")
        default_place = wanted if wanted in {str(c.pk) for c in communities} or wanted == SITE else None
        if default_place is None:
            default_place = (
                SITE if site_allowed and not communities else (str(communities[0].pk) if communities else SITE)
            )
        form = ItemCreateForm(
            initial={"place": default_place, "kind": "file"}, communities=communities, site_allowed=site_allowed
        )
    return render(request, "library/item_form.html", {"form": form, "creating": True})


@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    user = request.user
    item = queries.get_item_for(user, pk)
    permissions.check(
        permissions.can_edit_item(user, item), _("Only the person who added this, or a champion, can edit it.")
    )
    if request.method == "POST":
        form = ItemEditForm(request.POST, item=item)
        if form.is_valid():
            try:
                item_services.edit_item(actor=user, item=item, details=form.details())
            except LibraryError as error:
                _show_service_error(form, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("library:item", pk=item.pk)
    else:
        form = ItemEditForm(item=item)
    return render(request, "library/item_form.html", {"form": form, "item": item, "community": item.community})


@require_http_methods(["GET", "POST"])
def version_create(request, pk: int):
    user = request.user
    item = queries.get_item_for(user, pk)
    permissions.check(
        permissions.can_add_version(user, item),
        _("Only the person who added this, or a champion, can upload a new version."),
    )
    if request.method == "POST":
        form = VersionForm(request.POST, request.FILES)
        if form.is_valid():
            version = item_services.add_version(
                actor=user, item=item, upload=form.cleaned_data["file"], note=form.cleaned_data["note"]
            )
            messages.success(
                request, _("Version %(number)s is now the one members download.") % {"number": version.number}
            )
            return redirect("library:item", pk=item.pk)
    else:
        form = VersionForm()
    return render(request, "library/version_form.html", {"form": form, "item": item, "community": item.community})


@require_http_methods(["GET", "POST"])
def item_remove(request, pk: int):
    user = request.user
    item = queries.get_item_for(user, pk)
    permissions.check(
        permissions.can_remove_item(user, item), _("Only the person who added this, or a champion, can remove it.")
    )
    if request.method == "POST":
        item_services.remove_item(actor=user, item=item, reason=request.POST.get("reason", "")[:300])
        messages.success(request, _("“%(title)s” has been removed from the library.") % {"title": item.title})
        if item.community_id:
            return redirect("library:community", pk=item.community_id)
        return redirect("library:index")
    return render(request, "library/item_remove.html", {"item": item, "community": item.community})


@require_POST
def item_hide(request, pk: int):
    """Champions and moderators hide an item while it is looked at, or show it again."""
    user = request.user
    item = queries.get_item_for(user, pk)
    permissions.check(permissions.can_moderate_item(user, item), _("Only champions and moderators can hide items."))
    hiding = item.hidden_at is None
    item_services.set_hidden(actor=user, item=item, hidden=hiding, reason=request.POST.get("reason", "")[:300])
    messages.success(
        request,
        _("The item is hidden from members until you show it again.") if hiding else _("The item is visible again."),
    )
    return redirect("library:item", pk=item.pk)


@require_POST
def like_toggle(request, pk: int):
    user = request.user
    item = queries.get_item_for(user, pk)
    permissions.check(
        permissions.can_like_item(user, item),
        _("You cannot like your own item.") if item.created_by_id == user.pk else _("You cannot like this item."),
    )
    liked = item_services.toggle_like(user=user, item=item)
    if request.htmx:
        item.refresh_from_db(fields=["like_count"])
        item.viewer_liked = liked
        return render(request, "library/item_detail.html#like", {"item": item, "can_like": True})
    return redirect("library:item", pk=item.pk)


@require_POST
def item_collect(request, pk: int):
    """Champions and staff put an item into one of its library's collections."""
    user = request.user
    item = queries.get_item_for(user, pk)
    form = AddToCollectionForm(request.POST, collections=queries.collections_for_adding(user, item))
    permissions.check(permissions.can_manage_collection(user, item.community), _("Only champions can do this."))
    if form.is_valid():
        collection = form.cleaned_data["collection"]
        collection_services.add_to_collection(actor=user, collection=collection, item=item)
        messages.success(request, _("Added to “%(title)s”.") % {"title": collection.title})
    else:
        messages.error(request, _("Choose a collection to add it to."))
    return redirect("library:item", pk=item.pk)


# Collections.


def _collection_place(request, user):
    """The community named by ?community= (or the POSTed one) that the user may read, or None for the site."""
    raw = request.POST.get("community") or request.GET.get("community") or ""
    if raw.isdigit():
        return community_queries.get_readable_community_for(user, int(raw))
    return None


@require_http_methods(["GET", "POST"])
def collection_create(request):
    user = request.user
    community = _collection_place(request, user)
    permissions.check(
        permissions.can_manage_collection(user, community),
        _("Only staff can make site collections.") if community is None else _("Only champions can make collections."),
    )
    if request.method == "POST":
        form = CollectionForm(request.POST)
        if form.is_valid():
            try:
                collection = collection_services.create_collection(actor=user, community=community, **form.cleaned_data)
            except LibraryError as error:
                _show_service_error(form, error)
            else:
                messages.success(request, _("Collection created. Add items to it from their pages."))
                return redirect("library:collection", pk=collection.pk)
    else:
        form = CollectionForm()
    return render(request, "library/collection_form.html", {"form": form, "community": community})


@require_http_methods(["GET", "POST"])
def collection_edit(request, pk: int):
    user = request.user
    collection = queries.get_collection_for(user, pk)
    permissions.check(
        permissions.can_manage_collection(user, collection.community), _("Only champions can change this collection.")
    )
    if request.method == "POST":
        form = CollectionForm(request.POST)
        if form.is_valid():
            try:
                collection_services.edit_collection(actor=user, collection=collection, **form.cleaned_data)
            except LibraryError as error:
                _show_service_error(form, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("library:collection", pk=collection.pk)
    else:
        form = CollectionForm(initial={"title": collection.title, "description": collection.description})
    return render(
        request,
        "library/collection_form.html",
        {"form": form, "collection": collection, "community": collection.community},
    )


@require_POST
def collection_entry(request, pk: int, item_pk: int):
    """Move an item up or down in a collection, or take it out."""
    user = request.user
    collection = queries.get_collection_for(user, pk)
    item = get_object_or_404(LibraryItem.objects.visible_to(user), pk=item_pk)
    permissions.check(
        permissions.can_manage_collection(user, collection.community), _("Only champions can change this collection.")
    )
    action = request.POST.get("action")
    if action == "remove":
        collection_services.remove_from_collection(actor=user, collection=collection, item=item)
        messages.success(request, _("“%(title)s” is no longer in this collection.") % {"title": item.title})
    elif action in {"up", "down"}:
        collection_services.move_in_collection(
            actor=user, collection=collection, item=item, offset=-1 if action == "up" else 1
        )
    return redirect("library:collection", pk=collection.pk)
