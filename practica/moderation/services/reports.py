"""Reports of a concern to the Lead: links on this site captured as snapshots, a staff-only queue item, an
e-mail to the Lead, and a status the reporter follows on "My reports" (never another member's penalty)."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.accounts.permissions import is_current_member
from practica.core.outbox import enqueue_email
from practica.moderation.choices import ActionKind, ItemKind, ReportStatus, Resolution
from practica.moderation.models import Report, ReportLink, ReviewItem
from practica.moderation.permissions import can_handle_reports, check
from practica.moderation.services import queue
from practica.moderation.targets import adapter_for

MAX_LINKS = 5
# Pages whose URL names one thing members can report: view name -> (model label, URL keyword).
LINK_TARGETS = {
    "discussions:post": ("discussions.post", "pk"),
    "discussions:topic": ("discussions.topic", "pk"),
    "accounts:profile": ("accounts.user", "pk"),
    # Library items (a lower layer): a copyright notice or a report about a resource finds it and its uploader.
    "library:item": ("library.libraryitem", "pk"),
    "library:download": ("library.libraryitem", "pk"),
}


def register_link_target(view_name: str, model_label: str, kwarg: str = "pk") -> None:
    """Apps with reportable pages of their own (library items, meetings) add them here."""
    LINK_TARGETS[view_name] = (model_label, kwarg)


def item_url(item: ReviewItem) -> str:
    """The queue item's page (the review queue builds it), or the queue itself."""
    for name, args in (("moderation:item", [item.pk]), ("moderation:queue", [])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return reverse("moderation:cases")


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def site_path(url: str) -> str | None:
    """The path of a link on this site (a path, or a full address on the site's own host), else None."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc:
        site = urlsplit(settings.SITE_URL)
        if parts.scheme not in {"http", "https"} or parts.hostname != site.hostname:
            return None
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


def find_linked_object(url: str):
    """The post, topic, library item or profile a link on this site points at; None for anything else."""
    path = site_path(url)
    if path is None:
        return None
    path, _hash, fragment = path.partition("#")
    try:
        match = resolve(path)
    except Resolver404:
        return None
    target = LINK_TARGETS.get(match.view_name)
    if target is None:
        return None
    label, kwarg = target
    model = ContentType.objects.get_by_natural_key(*label.split(".")).model_class()
    found = model._default_manager.filter(pk=match.kwargs.get(kwarg)).first()
    # A topic link ending in #post-7 means its seventh post.
    if found is not None and label == "discussions.topic" and fragment.startswith("post-"):
        post_model = ContentType.objects.get_by_natural_key("discussions", "post").model_class()
        number = fragment.removeprefix("post-")
        if number.isdigit():
            found = post_model._default_manager.filter(topic=found, number=int(number)).first() or found
    return found


def snapshot_for(viewer, obj) -> dict:
    """What `viewer` could see of `obj` now, for the record: the adapter's description, or "unavailable"
    when the viewer may not see it (a closed community they are not in): a report never captures more
    than its reporter could read."""
    adapter = adapter_for(obj)
    if adapter is None or not adapter.can_view(viewer, obj):
        return {"unavailable": True, "captured_at": timezone.now().isoformat()}
    return {**adapter.describe(obj), "captured_at": timezone.now().isoformat()}


def _is_confidential(obj) -> bool:
    """Content of a closed community: its text never travels by e-mail."""
    adapter = adapter_for(obj)
    community = adapter.community_of(obj) if adapter is not None else None
    return community is not None and community.is_closed


@dataclass
class CapturedLink:
    url: str
    obj: object
    snapshot: dict


def submit_report(*, reporter, category: str, details: str, links: list[str], idempotency_key: str = "") -> Report:
    """A member reports a concern: stored with a snapshot of each linked page, queued for staff, the Lead
    e-mailed. Everything in one transaction, so the e-mail exists if and only if the report does. A second
    submit of the same form (the same key) returns the first report."""
    check(is_current_member(reporter), _("Only current members can report a concern here."))
    return queue.once(
        model=Report,
        owner={"reporter": reporter},
        key=idempotency_key,
        create=lambda: _submit_report(
            reporter=reporter, category=category, details=details, links=links, idempotency_key=idempotency_key
        ),
    )


def _submit_report(*, reporter, category: str, details: str, links: list[str], idempotency_key: str) -> Report:
    captured = []
    for url in links[:MAX_LINKS]:
        obj = find_linked_object(url)
        captured.append(CapturedLink(url=url, obj=obj, snapshot=snapshot_for(reporter, obj) if obj else {}))
    named = None
    for link in captured:
        if link.obj is not None and not link.snapshot.get("unavailable"):
            adapter = adapter_for(link.obj)
            named = adapter.author_of(link.obj) if adapter else None
            if named is not None:
                break
    item = queue.open_item(
        kind=ItemKind.REPORT,
        author=named,
        snapshot={"title": _category_label(category), "text": details},
    )
    report = Report.objects.create(
        reporter=reporter, category=category, details=details, review_item=item, idempotency_key=idempotency_key
    )
    for link in captured:
        ReportLink.objects.create(
            report=report,
            url=link.url,
            content_type=ContentType.objects.get_for_model(link.obj) if link.obj is not None else None,
            object_id=link.obj.pk if link.obj is not None else None,
            snapshot=link.snapshot,
        )
    confidential = any(link.obj is not None and _is_confidential(link.obj) for link in captured)
    _email_lead(report, item, include_details=not confidential)
    return report


def _category_label(category: str) -> str:
    from practica.moderation.choices import ReportCategory

    return str(ReportCategory(category).label) if category in ReportCategory.values else category


def _email_lead(report: Report, item: ReviewItem, *, include_details: bool) -> None:
    category = _category_label(report.category)
    lines = [
        _("A member has reported a concern: %(category)s.") % {"category": category},
        "",
    ]
    if include_details:
        lines += [report.details, ""]
    else:
        lines += [_("It concerns a closed community, so the details are only on the site."), ""]
    lines += [
        _("Read it and act on it in the review queue:"),
        absolute(item_url(item)),
        "",
        _("Reference: %(ref)s") % {"ref": report.pk},
    ]
    enqueue_email(
        key=f"moderation-report:{report.pk}",
        to=settings.LEAD_EMAIL,
        subject=_("Concern reported: %(category)s") % {"category": category},
        text="\n".join(lines),
        category="moderation",
    )


def list_my_reports(reporter):
    """The reporter's own reports, newest first: what they see on "My reports"."""
    return Report.objects.filter(reporter=reporter).prefetch_related("links").order_by("-created_at", "-pk")


def reports_for_item(item: ReviewItem):
    return Report.objects.filter(review_item=item).select_related("reporter").prefetch_related("links")


# What staff may set, and how closing a report resolves its queue item.
CLOSING = {ReportStatus.ACTIONED: Resolution.ACTIONED, ReportStatus.CLOSED: Resolution.NO_ACTION}


@transaction.atomic
def update_report(*, actor, report: Report, status: str, note: str) -> Report:
    """Moderators and staff set a report's status and what the reporter is told; "action taken" and "closed" resolve its
    queue item (once: a second moderator, or a retry, gets AlreadyResolved and nothing changes)."""
    check(can_handle_reports(actor), _("Only moderators and staff can act on reported concerns."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    note = note.strip()
    if report.status == status and report.status_note == note:
        return report
    item = ReviewItem.objects.filter(pk=report.review_item_id).first()
    if status in CLOSING and item is not None:
        if item.is_open:
            queue.resolve(item, actor=actor, resolution=CLOSING[status], note=note)
        elif report.status in CLOSING:
            # Someone else closed it a moment ago with another outcome: say so rather than overwrite it.
            raise queue.AlreadyResolved(item)
    before = {"status": report.status, "status_note": report.status_note}
    report.status, report.status_note = status, note
    report.save(update_fields=["status", "status_note", "updated_at"])
    queue.record_action(
        actor=actor,
        action=ActionKind.NOTE,
        item=item,
        subject=item.author if item else None,
        target=report,
        reason=_("Report status: %(status)s") % {"status": report.get_status_display()},
        before=before,
        after={"status": status, "status_note": note},
    )
    return report
