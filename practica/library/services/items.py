"""Adding, editing and removing library items and their versions; likes and downloads."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.core import events
from practica.core.audit import record
from practica.core.uploads import CheckedUpload, storage_name
from practica.library.choices import ItemKind, Licence
from practica.library.models import ItemLike, ItemVersion, LibraryItem, Tag
from practica.library.permissions import (
    can_add_to_library,
    can_add_version,
    can_edit_item,
    can_like_item,
    can_moderate_item,
    can_remove_item,
    check,
)
from practica.library.services import LibraryError

MAX_TAGS = 8
STORAGE_PREFIX = "library"


@dataclass
class ItemDetails:
    """What the add and edit forms collect about an item (everything but the file)."""

    title: str
    resource_type: str
    licence: str
    rights_confirmed: bool
    description: str = ""
    tags: list[str] = field(default_factory=list)
    author_or_source: str = ""
    url: str = ""
    contains_case_material: bool = False
    anonymisation_checked: bool = False


def _clean(details: ItemDetails, kind: str) -> ItemDetails:
    title = " ".join((details.title or "").split())
    if len(title) < 3:
        raise LibraryError(_("Please give the item a title of at least 3 characters."), "title")
    if not details.rights_confirmed:
        raise LibraryError(_("Please confirm that you have the right to share this with members."), "rights_confirmed")
    if details.contains_case_material and not details.anonymisation_checked:
        raise LibraryError(
            _("Case material must be anonymised: please check it and confirm before sharing."),
            "anonymisation_checked",
        )
    if details.licence not in Licence.values:
        raise LibraryError(_("Please choose a licence."), "licence")
    url = (details.url or "").strip()
    if kind == ItemKind.LINK:
        if not url:
            raise LibraryError(_("Please give the link's address."), "url")
        if urlsplit(url).scheme not in {"http", "https"}:
            raise LibraryError(_("Links must start with https:// or http://."), "url")
    else:
        url = ""
    details.title = title
    details.url = url
    details.description = (details.description or "").strip()
    details.author_or_source = " ".join((details.author_or_source or "").split())
    return details


def _set_tags(item: LibraryItem, tags: list[str]) -> None:
    names: list[str] = []
    for raw in tags:
        name = " ".join(raw.split()).lower()[:40]
        if name and name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise LibraryError(_("An item can have at most %(count)s tags.") % {"count": MAX_TAGS}, "tags")
    item.tags.set([Tag.objects.get_or_create(name=name)[0] for name in names])


def _store_version(*, item: LibraryItem, upload: CheckedUpload, uploader, note: str = "") -> ItemVersion:
    """Write the file under a random name, then the row that refers to it; a picture's thumbnail is a task.

    The picture is already re-encoded without its metadata (the form's check_upload did it in the request);
    the thumbnail is enqueued with the row, so a worker makes it and pages show the file's type until then.
    The storage is not transactional: when the transaction rolls back afterwards, the file stays behind
    unreferenced, and the periodic orphan clean-up (tasks.remove_orphan_files) deletes it a day later.
    """
    from practica.library.tasks import make_version_thumbnail

    number = (
        ItemVersion.objects.filter(item=item).order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    stored = default_storage.save(storage_name(STORAGE_PREFIX, upload.kind.extension), ContentFile(upload.content))
    version = ItemVersion.objects.create(
        item=item,
        number=number,
        file=stored,
        display_name=upload.display_name,
        size=upload.size,
        file_kind=upload.kind.key,
        content_type=upload.kind.content_type,
        sha256=upload.sha256,
        note=(note or "").strip()[:300],
        uploaded_by=uploader,
    )
    LibraryItem.objects.filter(pk=item.pk).update(
        current_version=version, version_count=F("version_count") + 1, updated_at=timezone.now()
    )
    if upload.kind.is_image:
        make_version_thumbnail.enqueue(version.pk)
    return version


@transaction.atomic
def create_item(
    *, author, community, kind: str, details: ItemDetails, upload: CheckedUpload | None = None
) -> LibraryItem:
    """Add a file or a link to a community's library, or (staff) to the site library."""
    check(
        can_add_to_library(author, community),
        _("Only staff can add to the site library.")
        if community is None
        else _("Join this community to add to its library."),
    )
    if kind not in ItemKind.values:
        raise LibraryError(_("Choose a file or a link."), "kind")
    details = _clean(details, kind)
    if kind == ItemKind.FILE and upload is None:
        raise LibraryError(_("Please choose a file to upload."), "file")
    item = LibraryItem.objects.create(
        community=community,
        kind=kind,
        title=details.title,
        description=details.description,
        resource_type=details.resource_type,
        author_or_source=details.author_or_source,
        url=details.url,
        licence=details.licence,
        rights_confirmed=True,
        contains_case_material=details.contains_case_material,
        anonymisation_checked=details.anonymisation_checked,
        created_by=author,
    )
    _set_tags(item, details.tags)
    if kind == ItemKind.FILE:
        _store_version(item=item, upload=upload, uploader=author)
        item.refresh_from_db()
    events.publish("library.item_created", item_id=item.pk)
    return item


@transaction.atomic
def edit_item(*, actor, item: LibraryItem, details: ItemDetails) -> LibraryItem:
    """Change an item's description; its files change only by adding a version."""
    item = LibraryItem.objects.select_for_update(of=("self",)).select_related("community").get(pk=item.pk)
    check(can_edit_item(actor, item), _("Only the person who added this, or a champion, can edit it."))
    details = _clean(details, item.kind)
    for name in (
        "title",
        "description",
        "resource_type",
        "author_or_source",
        "url",
        "licence",
        "contains_case_material",
        "anonymisation_checked",
    ):
        setattr(item, name, getattr(details, name))
    item.save()
    _set_tags(item, details.tags)
    if actor.pk != item.created_by_id:
        record(actor=actor, action="library.item_edited", target=item, summary=item.title)
    events.publish("library.item_edited", item_id=item.pk)
    return item


@transaction.atomic
def add_version(*, actor, item: LibraryItem, upload: CheckedUpload, note: str = "") -> ItemVersion:
    """Upload a new version of a file item; the earlier ones stay in its history."""
    item = LibraryItem.objects.select_for_update(of=("self",)).select_related("community").get(pk=item.pk)
    check(can_add_version(actor, item), _("Only the person who added this, or a champion, can upload a new version."))
    version = _store_version(item=item, upload=upload, uploader=actor, note=note)
    events.publish("library.version_added", item_id=item.pk, version_id=version.pk)
    return version


def _delete_files_after_commit(versions) -> None:
    names = [name for version in versions for name in (version.file.name, version.thumbnail.name) if name]

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def remove_item(*, actor, item: LibraryItem, reason: str = "") -> None:
    """Take an item out of the library for good: it disappears everywhere and its files are deleted."""
    item = LibraryItem.objects.select_for_update(of=("self",)).select_related("community").get(pk=item.pk)
    check(can_remove_item(actor, item), _("Only the person who added this, or a champion, can remove it."))
    if item.removed_at is not None:
        return
    versions = list(item.versions.all())
    item.removed_at = timezone.now()
    item.current_version = None
    item.save(update_fields=["removed_at", "current_version"])
    item.versions.all().delete()
    _delete_files_after_commit(versions)
    record(
        actor=actor,
        action="library.item_removed",
        target=item,
        summary=reason[:300] or item.title,
        data={"by_author": actor.pk == item.created_by_id},
    )
    events.publish("library.item_removed", item_id=item.pk)


@transaction.atomic
def set_hidden(*, actor, item: LibraryItem, hidden: bool, reason: str = "") -> LibraryItem:
    """Hide an item while it is reviewed (its author, champions and moderators still see it), or show it again.

    Called by moderation and by champions; the audit log keeps who did it and why."""
    item = LibraryItem.objects.select_for_update(of=("self",)).select_related("community").get(pk=item.pk)
    check(can_moderate_item(actor, item), _("Only champions and moderators can hide library items."))
    if (item.hidden_at is not None) == hidden:
        return item
    item.hidden_at = timezone.now() if hidden else None
    item.save(update_fields=["hidden_at"])
    record(
        actor=actor, action="library.item_hidden" if hidden else "library.item_unhidden", target=item, summary=reason
    )
    events.publish("library.item_hidden" if hidden else "library.item_unhidden", item_id=item.pk)
    return item


@transaction.atomic
def hide_flagged_item(*, item: LibraryItem, hidden: bool, reason: str = "") -> LibraryItem:
    """Hide an item because members' flags reached the site's threshold, or show it again (an automatic
    action: moderation, which counted the flags, calls it with no person behind it)."""
    item = LibraryItem.objects.select_for_update().get(pk=item.pk)
    if (item.hidden_at is not None) == hidden:
        return item
    item.hidden_at = timezone.now() if hidden else None
    item.save(update_fields=["hidden_at"])
    record(actor=None, action="library.item_hidden" if hidden else "library.item_unhidden", target=item, summary=reason)
    events.publish("library.item_hidden" if hidden else "library.item_unhidden", item_id=item.pk)
    return item


@transaction.atomic
def toggle_like(*, user, item: LibraryItem) -> bool:
    """Like an item, or take the like back. Returns whether the user now likes it."""
    item = LibraryItem.objects.select_related("community").get(pk=item.pk)
    check(can_like_item(user, item), _("You cannot like your own item."))
    deleted, _details = ItemLike.objects.filter(item=item, user=user).delete()
    if deleted:
        LibraryItem.objects.filter(pk=item.pk).update(like_count=F("like_count") - 1)
        return False
    try:
        with transaction.atomic():
            ItemLike.objects.create(item=item, user=user)
    except IntegrityError:
        return True  # a double click: the first one counted
    LibraryItem.objects.filter(pk=item.pk).update(like_count=F("like_count") + 1)
    return True


def record_download(*, item: LibraryItem) -> None:
    """Count a download (the caller has checked the reader may have the file); one UPDATE, no lock."""
    LibraryItem.objects.filter(pk=item.pk).update(download_count=F("download_count") + 1)
