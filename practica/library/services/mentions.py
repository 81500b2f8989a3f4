"""Discussed in: which posts link to which library items, kept from discussions' post events.

Discussions sits beside the library, so the library never imports it: its handlers read the post's Markdown
through the app registry and record item ids found in links to this site's item pages. Whether a reader may
see a post is decided when the item page is shown (core.visibility), never here.
"""

import re
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import transaction

from practica.library.models import ItemMention, LibraryItem


def _item_link_pattern() -> re.Pattern:
    host = re.escape(urlsplit(settings.SITE_URL).netloc)
    # A path on this site (relative, or under SITE_URL); another site's /library/items/ is not ours.
    return re.compile(rf"(?:https?://{host}|(?<![\w.\-/:]))/library/items/(\d{{1,12}})(?!\w)")


def item_ids_linked_from(text: str) -> set[int]:
    return {int(match) for match in _item_link_pattern().findall(text or "")}


@transaction.atomic
def sync_post_mentions(*, post_id: int) -> int:
    """Make the post's back-links match the item links in its current text; safe to run twice."""
    post_model = apps.get_model("discussions", "Post")
    post = post_model.objects.filter(pk=post_id).values("body", "deleted_at", "removed_at").first()
    if post is None or post["deleted_at"] is not None or post["removed_at"] is not None:
        ItemMention.objects.filter(post_id=post_id).delete()
        return 0
    linked = set(LibraryItem.objects.filter(pk__in=item_ids_linked_from(post["body"])).values_list("pk", flat=True))
    ItemMention.objects.filter(post_id=post_id).exclude(item_id__in=linked).delete()
    ItemMention.objects.bulk_create(
        [ItemMention(item_id=item_id, post_id=post_id) for item_id in linked], ignore_conflicts=True
    )
    return len(linked)


def forget_post(*, post_id: int) -> None:
    ItemMention.objects.filter(post_id=post_id).delete()
