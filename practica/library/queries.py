"""Reads for library pages, each starting from a `visible_to` queryset, with the prefetches that keep its
query count fixed."""

import datetime

from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from practica.communities.models import Community
from practica.communities.permissions import readable_communities
from practica.core import visibility
from practica.library.choices import ItemSort
from practica.library.models import Collection, CollectionEntry, ItemLike, ItemMention, ItemVersion, LibraryItem, Tag

ITEMS_PER_PAGE = 30
MAX_MENTIONS_SHOWN = 10
MAX_VERSIONS_SHOWN = 100
SITE = "site"
ADDED_WITHIN = {"week": 7, "month": 30, "year": 365}

_ORDERINGS = {
    ItemSort.NEWEST: ("-created_at", "-pk"),
    ItemSort.MOST_LIKED: ("-like_count", "-created_at", "-pk"),
    ItemSort.MOST_DOWNLOADED: ("-download_count", "-created_at", "-pk"),
}


def list_items(
    user,
    *,
    community: Community | str | None = None,
    resource_type: str = "",
    tag: str = "",
    added: str = "",
    added_from: datetime.date | None = None,
    added_to: datetime.date | None = None,
    sort: str = ItemSort.NEWEST,
):
    """Library items the user may see. `community` is a community, SITE for the site library, or None for all.

    `added_from` and `added_to` are days in the reader's time zone, both included.
    """
    queryset = LibraryItem.objects.visible_to(user)
    if community == SITE:
        queryset = queryset.filter(community__isnull=True)
    elif community is not None:
        queryset = queryset.filter(community=community)
    if resource_type:
        queryset = queryset.filter(resource_type=resource_type)
    if tag:
        queryset = queryset.filter(tags__name=tag)
    if added in ADDED_WITHIN:
        queryset = queryset.filter(created_at__gte=timezone.now() - datetime.timedelta(days=ADDED_WITHIN[added]))
    if added_from is not None:
        queryset = queryset.filter(created_at__gte=_start_of(added_from))
    if added_to is not None:
        queryset = queryset.filter(created_at__lt=_start_of(added_to + datetime.timedelta(days=1)))
    queryset = queryset.select_related("community", "created_by", "current_version").prefetch_related("tags")
    return queryset.order_by(*_ORDERINGS.get(sort, _ORDERINGS[ItemSort.NEWEST]))


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` where the reader is (the zone pages show dates in)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def list_tags(user, *, community: Community | str | None = None, limit: int = 100):
    """Tags on the items the user can see (for the filter), most used first would cost a GROUP BY: by name."""
    items = list_items(user, community=community).values("pk")
    return Tag.objects.filter(items__in=items).distinct().order_by("name")[:limit]


def list_library_communities(user):
    """Communities the user can read, for the library's community filter."""
    return readable_communities(user, Community.objects.all()).order_by("name").only("pk", "name")


def get_item_for(user, pk: int) -> LibraryItem:
    """An item the user may see, with what its page needs, or 404 exactly as if it did not exist."""
    liked = ItemLike.objects.filter(item=OuterRef("pk"), user=user)
    queryset = (
        LibraryItem.objects.visible_to(user)
        .select_related("community", "created_by", "current_version")
        .prefetch_related("tags")
        .annotate(viewer_liked=Exists(liked))
    )
    return get_object_or_404(queryset, pk=pk)


def list_versions(item: LibraryItem):
    return ItemVersion.objects.filter(item=item).select_related("uploaded_by").order_by("-number")[:MAX_VERSIONS_SHOWN]


def get_version_for(user, pk: int) -> ItemVersion:
    """A version of an item the user may see, or 404."""
    return get_object_or_404(
        ItemVersion.objects.select_related("item").filter(item__in=LibraryItem.objects.visible_to(user)), pk=pk
    )


def discussed_in(user, item: LibraryItem, *, limit: int = MAX_MENTIONS_SHOWN) -> list:
    """Posts that link to the item and that this reader may see, newest first.

    The post model is reached through the app registry (discussions sits beside the library). Its own
    `visible_to` narrows the candidates in one query; core.visibility then has the final word on each of the
    few shown, so a hidden or held post never appears, and the cost stays bounded by `limit`.
    """
    post_model = apps.get_model("discussions", "Post")
    post_ids = ItemMention.objects.filter(item=item).values("post_id")
    posts = (
        post_model.objects.visible_to(user)
        .filter(pk__in=post_ids)
        .select_related("topic__community", "author")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [post for post in posts if visibility.can_see(user, post) and visibility.can_see_text(user, post)]


def collections_of(user, item: LibraryItem):
    return Collection.objects.visible_to(user).filter(entries__item=item).order_by("title")


def list_collections(user, *, community: Community | str | None = None):
    queryset = Collection.objects.visible_to(user).select_related("community")
    if community == SITE:
        queryset = queryset.filter(community__isnull=True)
    elif community is not None:
        queryset = queryset.filter(community=community)
    return queryset.order_by("title", "pk")


def get_collection_for(user, pk: int) -> Collection:
    return get_object_or_404(Collection.objects.visible_to(user).select_related("community", "created_by"), pk=pk)


def collection_entries(user, collection: Collection):
    """The collection's items this reader may see, in order (items in other places never show)."""
    items = LibraryItem.objects.visible_to(user)
    return (
        CollectionEntry.objects.filter(collection=collection, item__in=items)
        .select_related("item__community", "item__created_by", "item__current_version")
        .prefetch_related(Prefetch("item__tags"))
        .order_by("position", "pk")
    )


def collections_for_adding(user, item: LibraryItem):
    """Collections of the item's own library the user may add it to (champions and staff)."""
    from practica.library.permissions import can_manage_collection

    if not can_manage_collection(user, item.community):
        return Collection.objects.none()
    queryset = (
        Collection.objects.filter(community=item.community)
        if item.community_id
        else Collection.objects.filter(community__isnull=True)
    )
    return queryset.exclude(entries__item=item).order_by("title")


def require_visible(user, item: LibraryItem) -> None:
    if not LibraryItem.objects.filter(pk=item.pk).visible_to(user).exists():
        raise Http404
