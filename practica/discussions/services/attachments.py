"""Files attached to posts: stored under random names, removed with the post's text, and cleaned up when a
rolled-back post leaves them behind.

The checks (what a file really is, its size, pictures re-encoded without metadata) are
practica.core.uploads.check_upload's, done by the forms, so a refusal is shown next to the file field. The
posting services call `store_attachments` inside their transaction.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practica.core.uploads import CheckedUpload, storage_name
from practica.discussions.models import Post, PostAttachment

STORAGE_PREFIX = "posts"
ORPHAN_AGE = datetime.timedelta(days=1)


class TooManyAttachments(ValueError):
    """More files than a post may carry; the message is written for the member."""


def attachments_max() -> int:
    return max(int(getattr(settings, "POST_ATTACHMENTS_MAX", 5)), 0)


def too_many_message(limit: int) -> str:
    if limit <= 0:
        return _("Files cannot be attached to posts on this site.")
    return ngettext("A post can have at most %(count)s file.", "A post can have at most %(count)s files.", limit) % {
        "count": limit
    }


def check_count(*, existing: int, adding: int) -> None:
    """Raise TooManyAttachments when the post would carry more files than the site allows."""
    limit = attachments_max()
    if adding and existing + adding > limit:
        raise TooManyAttachments(too_many_message(limit))


def store_attachments(*, post: Post, uploader, uploads: Sequence[CheckedUpload]) -> list[PostAttachment]:
    """Write each checked file (and a picture's thumbnail) under a random name, then the rows referring to them.

    Called inside the posting transaction. The storage is not transactional: when the transaction rolls back,
    the files stay behind unreferenced and `remove_orphan_files` deletes them a day later.
    """
    stored = []
    for upload in uploads:
        name = default_storage.save(storage_name(STORAGE_PREFIX, upload.kind.extension), ContentFile(upload.content))
        thumbnail = ""
        if upload.thumbnail:
            thumbnail = default_storage.save(
                storage_name(f"{STORAGE_PREFIX}/thumbnails", "jpg"), ContentFile(upload.thumbnail)
            )
        stored.append(
            PostAttachment(
                post=post,
                file=name,
                thumbnail=thumbnail,
                display_name=upload.display_name,
                size=upload.size,
                file_kind=upload.kind.key,
                content_type=upload.kind.content_type,
                sha256=upload.sha256,
                uploaded_by=uploader,
            )
        )
    return PostAttachment.objects.bulk_create(stored)


def delete_files_after_commit(attachments: Iterable[PostAttachment]) -> None:
    """Delete the stored files once the rows that referred to them are gone for good (after the commit)."""
    names = [name for attachment in attachments for name in (attachment.file.name, attachment.thumbnail.name) if name]
    if not names:
        return

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


def remove_attachments(*, post: Post, ids: Iterable[int]) -> list[PostAttachment]:
    """Take some of a post's attachments off it (the author editing): rows now, files after the commit."""
    ids = [int(pk) for pk in ids]
    if not ids:
        return []
    removed = list(PostAttachment.objects.filter(post=post, pk__in=ids))
    PostAttachment.objects.filter(pk__in=[attachment.pk for attachment in removed]).delete()
    delete_files_after_commit(removed)
    return removed


def purge_attachments(*, post: Post) -> list[dict]:
    """Remove a post's attachments completely (with its text): what they were, for the sealed copy."""
    attachments = list(PostAttachment.objects.filter(post=post).order_by("pk"))
    described = [
        {
            "display_name": attachment.display_name,
            "size": attachment.size,
            "content_type": attachment.content_type,
            "sha256": attachment.sha256,
        }
        for attachment in attachments
    ]
    PostAttachment.objects.filter(post=post).delete()
    delete_files_after_commit(attachments)
    return described


def _walk(storage, path: str):
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{path}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}")


def remove_orphan_files(*, now=None, storage=None) -> int:
    """Delete stored attachment files that no PostAttachment refers to and that are older than a day.

    The age keeps an upload in flight safe: its file is written before the row that refers to it commits.
    """
    storage = storage or default_storage
    cutoff = (now or timezone.now()) - ORPHAN_AGE
    removed = 0
    for name in _walk(storage, STORAGE_PREFIX):
        if PostAttachment.objects.filter(Q(file=name) | Q(thumbnail=name)).exists():
            continue
        try:
            modified = storage.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError):
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified)
        if modified < cutoff:
            storage.delete(name)
            removed += 1
    return removed
