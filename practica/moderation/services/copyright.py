"""Copyright notices: a claimant (or staff entering one received by e-mail) says where infringing material is;
staff remove it with one action that records the notice as upheld against the uploader, or do not uphold it.
At the site's repeat-infringer count the notice's page prompts staff to suspend the uploader."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practica.accounts.permissions import is_current_member
from practica.core import events
from practica.moderation.choices import ActionKind, CopyrightStatus, Duration, ItemKind, Resolution
from practica.moderation.models import CopyrightNotice, ModerationSettings, ReviewItem
from practica.moderation.permissions import can_manage_cases, check
from practica.moderation.services import queue
from practica.moderation.services.reports import find_linked_object, snapshot_for
from practica.moderation.targets import adapter_for

STAFF_ONLY = gettext_lazy("Only staff can decide copyright notices.")


def submit_notice(
    *,
    submitter,
    work: str,
    location: str,
    claimant_name: str,
    claimant_email: str,
    statement: str,
    idempotency_key: str = "",
) -> CopyrightNotice:
    """Record a notice and queue it for staff. The material is found from its link, and its uploader noted.
    A second submit of the same form (the same key) returns the first notice."""
    check(is_current_member(submitter), _("Only current members can send a copyright notice here."))
    values = {
        "work": work,
        "location": location,
        "claimant_name": claimant_name,
        "claimant_email": claimant_email,
        "statement": statement,
        "idempotency_key": idempotency_key,
    }
    return queue.once(
        model=CopyrightNotice,
        owner={"submitted_by": submitter},
        key=idempotency_key,
        create=lambda: _submit_notice(submitter=submitter, **values),
    )


def _submit_notice(
    *, submitter, work, location, claimant_name, claimant_email, statement, idempotency_key
) -> CopyrightNotice:
    obj = find_linked_object(location)
    adapter = adapter_for(obj) if obj is not None else None
    uploader = adapter.author_of(obj) if adapter is not None else None
    snapshot = snapshot_for(submitter, obj) if obj is not None else {"title": location}
    item = queue.open_item(
        kind=ItemKind.COPYRIGHT,
        author=uploader,
        snapshot={"title": snapshot.get("title") or location, "text": work, "url": snapshot.get("url", "")},
    )
    return CopyrightNotice.objects.create(
        submitted_by=submitter,
        work=work,
        location=location,
        claimant_name=claimant_name,
        claimant_email=claimant_email,
        statement=statement,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        uploader=uploader,
        review_item=item,
        idempotency_key=idempotency_key,
    )


def material_of(notice: CopyrightNotice):
    if notice.content_type_id is None:
        return None
    model = notice.content_type.model_class()
    return model._default_manager.filter(pk=notice.object_id).first() if model else None


def upheld_count(uploader) -> int:
    if uploader is None:
        return 0
    return CopyrightNotice.objects.filter(uploader=uploader, status=CopyrightStatus.UPHELD).count()


def is_repeat_infringer(uploader) -> bool:
    """Has the uploader reached the site's count of upheld notices (staff are then prompted to suspend)?"""
    return uploader is not None and upheld_count(uploader) >= ModerationSettings.current().repeat_infringer_count


def _remove_material(obj, *, actor, item: ReviewItem | None, uploader) -> str:
    """Remove the material the way its adapter allows: purge through the queue's own "remove completely" path
    (text kept in a sealed copy; notification, report and search copies purged; the removal published), or
    delete, or hide."""
    from practica.moderation.services.actions import purge_and_seal

    adapter = adapter_for(obj)
    if adapter is None:
        return "none"
    if adapter.purge is not None:
        purge_and_seal(target=obj, actor=actor, item=item, member=uploader)
        return "purged"
    if adapter.delete is not None:
        adapter.delete(obj, actor=actor)
        return "deleted"
    if adapter.hide is not None:
        adapter.hide(obj, actor=actor, reason=_("Copyright notice upheld"))
        return "hidden"
    return "none"


@transaction.atomic
def uphold_notice(*, actor, notice: CopyrightNotice) -> CopyrightNotice:
    """ "Remove the material": one action that removes it, upholds the notice (it counts against the uploader)
    and tells the uploader. A retry or a second member of staff gets AlreadyResolved."""
    check(can_manage_cases(actor), STAFF_ONLY)
    notice = CopyrightNotice.objects.select_for_update().get(pk=notice.pk)
    item = notice.review_item
    if item is not None:
        queue.resolve(item, actor=actor, resolution=Resolution.ACTIONED, note=_("Copyright notice upheld"))
    elif notice.status != CopyrightStatus.RECEIVED:
        return notice
    obj = material_of(notice)
    how = _remove_material(obj, actor=actor, item=item, uploader=notice.uploader) if obj is not None else "none"
    notice.status, notice.decided_by, notice.decided_at = CopyrightStatus.UPHELD, actor, timezone.now()
    notice.save(update_fields=["status", "decided_by", "decided_at"])
    queue.record_action(
        actor=actor,
        action=ActionKind.COPYRIGHT_UPHELD,
        item=item,
        subject=notice.uploader,
        target=obj if obj is not None else notice,
        reason=_("Copyright notice %(ref)s upheld") % {"ref": notice.pk},
        before={"status": CopyrightStatus.RECEIVED},
        after={"status": CopyrightStatus.UPHELD, "material": how, "upheld_count": upheld_count(notice.uploader)},
    )
    if notice.uploader is not None:
        events.publish(
            "moderation.message",
            recipient_id=notice.uploader.pk,
            sender_id=None,
            subject=_("Material removed after a copyright notice"),
            body=_(
                "We received a copyright notice about something you shared, and after looking at it we have "
                "removed it.\n\nPlease share only material you have the right to share. If you believe the notice "
                "was mistaken, reply to this message and the Communities of Practice Lead will look again."
            ),
            review_item_id=item.pk if item else None,
        )
    return notice


@transaction.atomic
def reject_notice(*, actor, notice: CopyrightNotice, reason: str = "") -> CopyrightNotice:
    """ "Not upheld": the material stays and nothing counts against the uploader."""
    check(can_manage_cases(actor), STAFF_ONLY)
    notice = CopyrightNotice.objects.select_for_update().get(pk=notice.pk)
    item = notice.review_item
    if item is not None:
        queue.resolve(item, actor=actor, resolution=Resolution.NO_ACTION, note=reason)
    elif notice.status != CopyrightStatus.RECEIVED:
        return notice
    notice.status, notice.decided_by, notice.decided_at = CopyrightStatus.REJECTED, actor, timezone.now()
    notice.save(update_fields=["status", "decided_by", "decided_at"])
    queue.record_action(
        actor=actor,
        action=ActionKind.COPYRIGHT_REJECTED,
        item=item,
        subject=notice.uploader,
        target=notice,
        reason=reason or _("Copyright notice %(ref)s not upheld") % {"ref": notice.pk},
        before={"status": CopyrightStatus.RECEIVED},
        after={"status": CopyrightStatus.REJECTED},
    )
    return notice


@transaction.atomic
def suspend_repeat_infringer(*, actor, notice: CopyrightNotice):
    """Suspend the uploader indefinitely as a repeat infringer (through the queue's own suspension, which tells
    them why); only once they reached the site's count. A second try gets the queue's AlreadyActed."""
    from practica.moderation.services.actions import suspend_member

    check(can_manage_cases(actor), STAFF_ONLY)
    check(is_repeat_infringer(notice.uploader), _("This member has not reached the repeat-infringer count."))
    reason = _(
        "Repeated copyright infringement: %(count)s copyright notices about material you shared were upheld."
    ) % {"count": upheld_count(notice.uploader)}
    return suspend_member(actor=actor, item=notice.review_item, duration=Duration.INDEFINITELY, reason=reason)


def list_notices(user, *, status: str = ""):
    notices = CopyrightNotice.objects.all() if can_manage_cases(user) else CopyrightNotice.objects.none()
    if status:
        notices = notices.filter(status=status)
    return notices.select_related("uploader", "submitted_by", "review_item").order_by("-created_at", "-pk")
