"""Collections: ordered reading lists that champions (for their community) and staff (for the site) keep."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from practica.library.models import Collection, CollectionEntry, LibraryItem
from practica.library.permissions import can_collect_item, can_manage_collection, check
from practica.library.services import LibraryError


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < 3:
        raise LibraryError(_("Please give the collection a title of at least 3 characters."), "title")
    return title[:200]


@transaction.atomic
def create_collection(*, actor, community, title: str, description: str = "") -> Collection:
    check(
        can_manage_collection(actor, community),
        _("Only staff can make site collections.") if community is None else _("Only champions can make collections."),
    )
    return Collection.objects.create(
        community=community, title=_clean_title(title), description=(description or "").strip(), created_by=actor
    )


@transaction.atomic
def edit_collection(*, actor, collection: Collection, title: str, description: str = "") -> Collection:
    check(can_manage_collection(actor, collection.community), _("Only champions can change this collection."))
    collection.title = _clean_title(title)
    collection.description = (description or "").strip()
    collection.save(update_fields=["title", "description"])
    return collection


@transaction.atomic
def add_to_collection(*, actor, collection: Collection, item: LibraryItem) -> CollectionEntry:
    """Put an item at the end of a collection (nothing happens if it is already there)."""
    check(
        can_collect_item(actor, collection, item),
        _("Only items of the same library can go into this collection."),
    )
    existing = CollectionEntry.objects.filter(collection=collection, item=item).first()
    if existing is not None:
        return existing
    last = CollectionEntry.objects.filter(collection=collection).aggregate(last=Max("position"))["last"] or 0
    try:
        with transaction.atomic():
            return CollectionEntry.objects.create(collection=collection, item=item, position=last + 1)
    except IntegrityError:
        return CollectionEntry.objects.get(collection=collection, item=item)


@transaction.atomic
def remove_from_collection(*, actor, collection: Collection, item: LibraryItem) -> None:
    check(can_manage_collection(actor, collection.community), _("Only champions can change this collection."))
    CollectionEntry.objects.filter(collection=collection, item=item).delete()


@transaction.atomic
def move_in_collection(*, actor, collection: Collection, item: LibraryItem, offset: int) -> None:
    """Move an item one place up (offset -1) or down (+1)."""
    check(can_manage_collection(actor, collection.community), _("Only champions can change this collection."))
    entries = list(CollectionEntry.objects.select_for_update().filter(collection=collection).order_by("position", "pk"))
    index = next((i for i, entry in enumerate(entries) if entry.item_id == item.pk), None)
    if index is None or not 0 <= index + offset < len(entries):
        return
    entries[index], entries[index + offset] = entries[index + offset], entries[index]
    for position, entry in enumerate(entries, start=1):
        if entry.position != position:
            entry.position = position
    CollectionEntry.objects.bulk_update(entries, ["position"])
