"""Flags: a member raises one on a post, topic, message or profile; enough of them hide it at once.

The rule (the community guidelines): when the weights of the open flags on a thing reach the site's hide
threshold it is hidden from everyone but its author and the people who moderate it, and the author gets a
friendly private message saying which reason and guideline were cited, that a considered edit un-hides it,
and that a call with the Lead can be arranged. An edit by the author un-hides it and puts it back in the
queue as "edited after hide"; if it is flagged past the threshold again after that, it stays hidden until
staff decide.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.communities.permissions import is_champion
from practica.core import events
from practica.moderation.choices import ActionKind, FlagReason, FlagStatus, ItemKind, ItemStatus, Resolution
from practica.moderation.models import Flag, ModerationAction, ModerationSettings, ReviewItem
from practica.moderation.permissions import can_flag
from practica.moderation.services.queue import content_type_of, open_item, record_action, resolve
from practica.moderation.targets import adapter_for

# The three guidelines every member agrees to ("be kind", "be professional", "anonymise client information if
# discussing cases"), and which of them each reason for a flag is about.
GUIDELINE_FOR_REASON = {
    FlagReason.INAPPROPRIATE: "kind",
    FlagReason.BULLYING: "kind",
    FlagReason.DISCRIMINATION: "kind",
    FlagReason.CLIENT: "anonymise",
}


def guideline_for(reason: str) -> str:
    """The guideline a reason for a flag points at, in words (translated when asked for)."""
    key = GUIDELINE_FOR_REASON.get(reason, "professional")
    return {
        "kind": _("be kind"),
        "professional": _("be professional"),
        "anonymise": _("anonymise client information if discussing cases"),
    }[key]


class FlagError(Exception):
    """A flag that cannot be raised or withdrawn, with the reason in words (and the form field it concerns)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def flag_weight(user, community, settings: ModerationSettings) -> int:
    """Champions of the community, moderators and staff count for more than one member (the guidelines)."""
    trusted = user.is_moderator or (community is not None and is_champion(user, community))
    return settings.trusted_flag_weight if trusted else settings.member_flag_weight


def open_flag_of(user, target) -> Flag | None:
    return Flag.objects.filter(
        content_type=content_type_of(target), object_id=target.pk, flagger=user, status=FlagStatus.OPEN
    ).first()


def _last_unhide_by_edit(target) -> ModerationAction | None:
    return (
        ModerationAction.objects.filter(
            content_type=content_type_of(target), object_id=target.pk, action=ActionKind.UNHIDE, after__by_edit=True
        )
        .order_by("-created_at", "-id")
        .first()
    )


def hide_is_locked(target) -> bool:
    """Whether the author's edit may no longer un-hide the thing: it was flagged past the threshold again
    after an earlier edit, or a moderator chose to keep it hidden. Only staff decide then."""
    latest = (
        ModerationAction.objects.filter(
            content_type=content_type_of(target),
            object_id=target.pk,
            action__in=[ActionKind.AUTO_HIDE, ActionKind.HIDE, ActionKind.KEEP_HIDDEN],
        )
        .order_by("-created_at", "-id")
        .first()
    )
    return bool(latest and latest.after.get("locked"))


@transaction.atomic
def raise_flag(*, flagger, target, reason: str, details: str = "") -> Flag:
    """A member flags something they can see. One open flag per member per thing; never their own."""
    adapter = adapter_for(target)
    if adapter is None:
        raise FlagError(_("This cannot be flagged."))
    author = adapter.author_of(target)
    if author is not None and author.pk == flagger.pk:
        raise FlagError(_("You cannot flag your own %(noun)s.") % {"noun": adapter.noun})
    if flagger.is_silenced():
        raise FlagError(_("A moderator has paused your posting and flagging for now."))
    if not can_flag(flagger, target):
        raise FlagError(_("This cannot be flagged."))
    if reason not in FlagReason.values:
        raise FlagError(_("Choose a reason."), "reason")
    details = (details or "").strip()
    if reason == FlagReason.OTHER and not details:
        raise FlagError(_("Tell us what the problem is."), "details")
    if open_flag_of(flagger, target) is not None:
        raise FlagError(_("You have already flagged this."))
    settings = ModerationSettings.current()
    community = adapter.community_of(target)
    item = open_item(
        kind=ItemKind.FLAGGED, target=target, community=community, author=author, snapshot=adapter.describe(target)
    )
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                content_type=content_type_of(target),
                object_id=target.pk,
                review_item=item,
                flagger=flagger,
                reason=reason,
                details=details,
                weight=flag_weight(flagger, community, settings),
            )
    except IntegrityError:
        # The same member's second click, a moment after the first (the partial unique constraint).
        raise FlagError(_("You have already flagged this.")) from None
    record_action(
        actor=flagger,
        action=ActionKind.FLAG,
        item=item,
        subject=author,
        target=target,
        reason=FlagReason(reason).label,
        after={"flag": flag.pk, "reason": reason, "weight": flag.weight},
    )
    _hide_if_due(item=item, target=target, adapter=adapter, flag=flag, settings=settings, community=community)
    # Other parts of moderation look at flags as they come (the pile-on signal).
    events.publish("moderation.flag_raised", flag_id=flag.pk, target=adapter.label, target_id=target.pk)
    return flag


def _hide_if_due(*, item, target, adapter, flag, settings, community) -> bool:
    if adapter.hide is None or adapter.is_hidden(target):
        return False
    flags = Flag.objects.filter(content_type=content_type_of(target), object_id=target.pk, status=FlagStatus.OPEN)
    last_edit = _last_unhide_by_edit(target)
    if last_edit is not None:
        # Flags raised before the author's edit were about the old text; the threshold starts again.
        flags = flags.filter(created_at__gt=last_edit.created_at)
    total = flags.aggregate(total=Sum("weight"))["total"] or 0
    at_once = (
        flag.reason == FlagReason.CLIENT
        and settings.client_flag_hides_at_once
        and (flag.flagger.is_lead or (community is not None and is_champion(flag.flagger, community)))
    )
    if total < settings.hide_threshold and not at_once:
        return False
    adapter.hide(target, actor=None, reason=flag.reason)
    locked = last_edit is not None
    record_action(
        actor=None,
        action=ActionKind.AUTO_HIDE,
        item=item,
        subject=item.author,
        target=target,
        reason=_("Hidden automatically: the flags reached the threshold."),
        before={"hidden": False, "flag_weight": total},
        after={"hidden": True, "locked": locked},
    )
    if item.author is not None:
        tell_author_hidden(item=item, target=target, adapter=adapter, reason=_main_reason(flags), locked=locked)
    return True


def _main_reason(flags) -> str:
    """The reason most of the open flags gave (the earliest, on a tie)."""
    counts: dict[str, int] = {}
    for reason in flags.values_list("reason", flat=True):
        counts[reason] = counts.get(reason, 0) + 1
    return max(counts, key=lambda reason: counts[reason]) if counts else FlagReason.OTHER


def call_request_url(item: ReviewItem) -> str:
    return reverse("moderation:request-call", args=[item.pk])


def tell_member(*, recipient_id: int, subject: str, body: str, item: ReviewItem | None = None) -> None:
    """A private message from the Communities of Practice team (the messaging app delivers it; blocks never
    apply to moderation messages)."""
    events.publish(
        "moderation.message",
        recipient_id=recipient_id,
        sender_id=None,
        subject=subject,
        body=body,
        review_item_id=item.pk if item else None,
        call_request_url=call_request_url(item) if item else "",
    )


def tell_author_hidden(*, item: ReviewItem, target, adapter, reason: str, locked: bool) -> None:
    described = adapter.describe(target)
    values = {
        "name": item.author.display_name,
        "noun": adapter.noun,
        "title": described.get("title", ""),
        "url": described.get("url", ""),
        "reason": FlagReason(reason).label.lower(),
        "guideline": guideline_for(reason),
        "call_url": call_request_url(item),
    }
    paragraphs = [
        _("Hello %(name)s,") % values,
        _(
            "Your %(noun)s in “[%(title)s](%(url)s)” was flagged by members of the community, so it is hidden from "
            "other members for now. The reason they gave is *%(reason)s*, and the guideline they had in mind is "
            "“**%(guideline)s**”."
        )
        % values,
    ]
    if locked:
        paragraphs.append(
            _(
                "Because it was flagged again after you edited it, it will stay hidden until the Communities of "
                "Practice Lead has looked at it. You do not need to do anything more."
            )
        )
    else:
        paragraphs.append(
            _(
                "This happens to thoughtful people too, and it is not a judgement of you. A considered edit of any "
                "kind is enough to un-hide it: open it, change what you think is right, and save. A moderator "
                "will then have a look."
            )
        )
    paragraphs += [
        _(
            "If you would rather talk it through, a call with the Communities of Practice Lead can be arranged: "
            "[ask for a call](%(call_url)s)."
        )
        % values,
        _("With best wishes,\nthe Communities of Practice team"),
    ]
    tell_member(
        recipient_id=item.author_id,
        subject=_("About your %(noun)s in “%(title)s”") % values,
        body="\n\n".join(paragraphs),
        item=item,
    )


@transaction.atomic
def withdraw_flag(*, flagger, flag: Flag) -> Flag:
    """The flagger takes their flag back while it is open. A thing already hidden stays hidden until a
    moderator decides; an item left with no open flag and nothing hidden leaves the queue."""
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.flagger_id != flagger.pk:
        raise FlagError(_("You can only withdraw your own flags."))
    if flag.status != FlagStatus.OPEN:
        raise FlagError(_("This flag has already been dealt with, so it can no longer be withdrawn."))
    flag.status = FlagStatus.WITHDRAWN
    flag.decided_at = timezone.now()
    flag.save(update_fields=["status", "decided_at"])
    item = flag.review_item
    record_action(
        actor=flagger,
        action=ActionKind.NOTE,
        item=item,
        subject=item.author if item else None,
        target=flag.target,
        reason=_("Flag withdrawn by the member who raised it."),
        before={"flag": flag.pk, "status": FlagStatus.OPEN},
        after={"flag": flag.pk, "status": FlagStatus.WITHDRAWN},
    )
    if item is not None and item.status == ItemStatus.OPEN and item.kind == ItemKind.FLAGGED:
        still_open = item.flags.filter(status=FlagStatus.OPEN).exists()
        adapter = adapter_for(flag.target) if flag.target is not None else None
        hidden = bool(adapter and adapter.is_hidden(flag.target))
        if not still_open and not hidden and not item.claimed_by_id:
            resolve(item, actor=None, resolution=Resolution.NO_ACTION, note=_("Every flag was withdrawn."))
    return flag


@transaction.atomic
def unhide_after_author_edit(*, target) -> bool:
    """The author edited a hidden thing: a considered edit of any kind un-hides it, and it goes back to the
    queue as "edited after hide" — unless it was flagged past the threshold again after an earlier edit, or a
    moderator kept it hidden, when it stays hidden until staff decide. Safe to run twice."""
    adapter = adapter_for(target)
    if adapter is None or adapter.unhide is None or not adapter.is_hidden(target) or hide_is_locked(target):
        return False
    adapter.unhide(target, actor=None)
    author = adapter.author_of(target)
    item = open_item(
        kind=ItemKind.EDITED_AFTER_HIDE,
        target=target,
        community=adapter.community_of(target),
        author=author,
        snapshot=adapter.describe(target),
    )
    if item.kind != ItemKind.EDITED_AFTER_HIDE:
        ReviewItem.objects.filter(pk=item.pk).update(kind=ItemKind.EDITED_AFTER_HIDE, updated_at=timezone.now())
        item.refresh_from_db()
    record_action(
        actor=author,
        action=ActionKind.UNHIDE,
        item=item,
        subject=author,
        target=target,
        reason=_("Un-hidden by the author's edit."),
        before={"hidden": True},
        after={"hidden": False, "by_edit": True},
    )
    return True


def content_type_for_label(label: str) -> ContentType | None:
    try:
        app_label, model = label.split(".", 1)
        return ContentType.objects.get_by_natural_key(app_label, model)
    except (ValueError, ContentType.DoesNotExist):
        return None
