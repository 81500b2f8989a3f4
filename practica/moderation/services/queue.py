"""The review queue's shared mechanics: opening an item, claiming it, resolving it exactly once, and the record.

Every part of moderation (flags, reports, copyright notices, pre-moderation, pile-ons) goes through these, so
a double click, a retried request or two moderators acting at once never act twice: `resolve` changes an open
item with one conditional UPDATE and raises AlreadyResolved for the loser.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.core import audit
from practica.moderation.choices import ActionKind, ItemStatus
from practica.moderation.models import ModerationAction, ReviewItem


class AlreadyResolved(Exception):
    """Someone else resolved the item first; the message says who and how, for the person who lost the race."""

    def __init__(self, item: ReviewItem):
        self.item = item
        who = item.resolved_by.display_name if item.resolved_by else _("someone else")
        super().__init__(
            _("%(who)s has already dealt with this item (%(how)s). Nothing more was done.")
            % {"who": who, "how": item.get_resolution_display() or _("resolved")}
        )


def content_type_of(obj) -> ContentType:
    return ContentType.objects.get_for_model(obj)


def open_item(*, kind: str, target=None, community=None, author=None, snapshot: dict | None = None) -> ReviewItem:
    """The open queue item for `target` (created when there is none); for a target-less item, always a new one.

    An existing open item keeps its kind unless the new one is more specific (an edit after a hide)."""
    if target is None:
        return ReviewItem.objects.create(kind=kind, community=community, author=author, snapshot=snapshot or {})
    content_type = content_type_of(target)
    existing = ReviewItem.objects.filter(content_type=content_type, object_id=target.pk, status=ItemStatus.OPEN).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ReviewItem.objects.create(
                kind=kind,
                content_type=content_type,
                object_id=target.pk,
                community=community,
                author=author,
                snapshot=snapshot or {},
            )
    except IntegrityError:
        # Another request opened it a moment ago (the partial unique constraint): join that one.
        return ReviewItem.objects.get(content_type=content_type, object_id=target.pk, status=ItemStatus.OPEN)


def record_action(
    *,
    actor,
    action: str,
    item: ReviewItem | None = None,
    case=None,
    subject=None,
    target=None,
    reason: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> ModerationAction:
    """Write one line of the moderation record and the matching line of the site's audit log."""
    entry = ModerationAction.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        review_item=item,
        case=case,
        subject=subject,
        content_type=content_type_of(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        reason=reason,
        before=before or {},
        after=after or {},
    )
    audit.record(
        actor=actor,
        action=f"moderation.{action}",
        target=target if target is not None else item,
        summary=reason,
        data={"review_item": item.pk if item else None, "before": before or {}, "after": after or {}},
    )
    return entry


def claim(item: ReviewItem, *, actor) -> ReviewItem:
    """Show others this item is being handled. Claiming an item someone else claimed takes it over."""
    if not item.is_open:
        raise AlreadyResolved(item)
    if item.claimed_by_id == actor.pk:
        return item
    ReviewItem.objects.filter(pk=item.pk).update(claimed_by=actor, claimed_at=timezone.now())
    item.refresh_from_db()
    record_action(actor=actor, action=ActionKind.CLAIM, item=item, subject=item.author)
    return item


def resolve(item: ReviewItem, *, actor, resolution: str, note: str = "") -> ReviewItem:
    """Close the item once. Raises AlreadyResolved when it was already closed (by anyone, or by this retry)."""
    now = timezone.now()
    changed = ReviewItem.objects.filter(pk=item.pk, status=ItemStatus.OPEN).update(
        status=ItemStatus.RESOLVED,
        resolved_at=now,
        resolved_by=actor,
        resolution=resolution,
        resolution_note=note,
        updated_at=now,
    )
    item.refresh_from_db()
    if not changed:
        raise AlreadyResolved(item)
    return item


def once(*, model, owner: dict, key: str, create):
    """Run `create` (which stores a `model` row carrying `key`) once per owner and key: a double submit or a
    retried request returns the row the first one stored. Two requests at the same moment meet the unique
    constraint; the loser's work is rolled back and it returns the winner's row."""
    if key:
        existing = model.objects.filter(**owner, idempotency_key=key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        existing = model.objects.filter(**owner, idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing


# Private messages are never browsed by staff: a reported one is shown to its reviewers, and each view of its
# text is logged exactly as messaging's own reported-message page logs it (the same audit action), so the
# log shows every reading whichever page it happened on.
PRIVATE_LABELS = {"messaging.message"}
PRIVATE_VIEW_ACTION = "messaging.reported_message_viewed"


def is_private(content_type: ContentType | None) -> bool:
    return content_type is not None and f"{content_type.app_label}.{content_type.model}" in PRIVATE_LABELS


def record_private_views(*, viewer, item: ReviewItem) -> int:
    """Log the viewer's reading of the private message(s) the item page shows: the flagged message itself, or
    the messages a report links to. Returns how many views were logged."""
    from practica.moderation.models import ReportLink

    shown = []
    if is_private(item.content_type) and item.object_id is not None:
        shown.append((item.content_type, item.object_id))
    for link in ReportLink.objects.filter(report__review_item=item, object_id__isnull=False).select_related(
        "content_type"
    ):
        if is_private(link.content_type) and not link.snapshot.get("unavailable"):
            shown.append((link.content_type, link.object_id))
    for content_type, object_id in dict.fromkeys(shown):
        model = content_type.model_class()
        message = model._default_manager.filter(pk=object_id).first() if model else None
        audit.record(
            actor=viewer,
            action=PRIVATE_VIEW_ACTION,
            target=message if message is not None else item,
            summary=_("Viewed a reported private message"),
            data={"review_item": item.pk, "page": "moderation:item"},
        )
    return len(dict.fromkeys(shown))
