"""Cases: staff's file on one member for the professional conduct process. Opening a case, notes (append-only),
status changes (each recorded), and the record a case gathers: flags on the member's content, reports naming
them, warnings, every moderation action about them, notes and sealed copies. Exported as print-ready HTML and
JSON."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practica.moderation.choices import ActionKind
from practica.moderation.models import Case, CaseNote, Flag, ModerationAction, Report, SealedCopy
from practica.moderation.permissions import can_manage_cases, check
from practica.moderation.services.queue import once, record_action

STAFF_ONLY = gettext_lazy("Only staff can keep case records.")


def visible_cases(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = queryset if queryset is not None else Case.objects.all()
    return queryset if can_manage_cases(user) else queryset.none()


def list_cases(user, *, status: str = "") -> QuerySet:
    cases = visible_cases(user).select_related("member", "opened_by")
    if status:
        cases = cases.filter(status=status)
    return cases.order_by("-updated_at", "-pk")


def open_case(*, actor, member, title: str, idempotency_key: str = "") -> Case:
    """Open a case on a member; the opening is the first line of its record. The same form sent twice (the
    same key) opens one case."""
    check(can_manage_cases(actor), STAFF_ONLY)
    return once(
        model=Case,
        owner={"opened_by": actor},
        key=idempotency_key,
        create=lambda: _open_case(actor=actor, member=member, title=title, idempotency_key=idempotency_key),
    )


def _open_case(*, actor, member, title: str, idempotency_key: str) -> Case:
    case = Case.objects.create(member=member, title=title.strip(), opened_by=actor, idempotency_key=idempotency_key)
    record_action(
        actor=actor,
        action=ActionKind.CASE_STATUS,
        case=case,
        subject=member,
        target=case,
        reason=_("Case opened: %(title)s") % {"title": case.title},
        after={"status": case.status},
    )
    return case


def add_case_note(*, actor, case: Case, text: str, idempotency_key: str = "") -> CaseNote:
    """Add a note (a conversation held, a call arranged). Notes are never edited or deleted. The same form
    sent twice (the same key) adds one note."""
    check(can_manage_cases(actor), STAFF_ONLY)
    return once(
        model=CaseNote,
        owner={"author": actor},
        key=idempotency_key,
        create=lambda: _add_case_note(actor=actor, case=case, text=text, idempotency_key=idempotency_key),
    )


def _add_case_note(*, actor, case: Case, text: str, idempotency_key: str) -> CaseNote:
    note = CaseNote.objects.create(case=case, author=actor, text=text.strip(), idempotency_key=idempotency_key)
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    record_action(actor=actor, action=ActionKind.NOTE, case=case, subject=case.member, target=case, reason=note.text)
    return note


@transaction.atomic
def change_case_status(*, actor, case: Case, status: str, reason: str = "") -> Case:
    """Move a case on (informal conversation, warning, suspension, referred, closed); each change recorded.
    Setting the status it already has changes and records nothing (a retried form)."""
    check(can_manage_cases(actor), STAFF_ONLY)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == status:
        return case
    before = {"status": case.status}
    case.status = status
    case.save(update_fields=["status", "updated_at"])
    record_action(
        actor=actor,
        action=ActionKind.CASE_STATUS,
        case=case,
        subject=case.member,
        target=case,
        reason=reason.strip() or _("Status: %(status)s") % {"status": case.get_status_display()},
        before=before,
        after={"status": status},
    )
    return case


@dataclass
class CaseRecord:
    case: Case
    flags: list
    reports: list
    warnings: list
    actions: list
    notes: list
    sealed_copies: list


def case_record(case: Case) -> CaseRecord:
    """Everything the case gathers about its member, each list in a fixed number of queries."""
    member = case.member
    actions = list(
        ModerationAction.objects.filter(Q(subject=member) | Q(case=case))
        .select_related("actor", "subject")
        .order_by("created_at", "pk")
    )
    flags = list(
        Flag.objects.filter(review_item__author=member).select_related("flagger", "review_item").order_by("created_at")
    )
    # Reports whose queue item names the member, or that link to their profile.
    user_type = ContentType.objects.get_for_model(type(member))
    reports = list(
        Report.objects.filter(
            Q(review_item__author=member) | Q(links__content_type=user_type, links__object_id=member.pk)
        )
        .distinct()
        .select_related("reporter")
        .prefetch_related("links")
        .order_by("created_at")
    )
    return CaseRecord(
        case=case,
        flags=flags,
        reports=reports,
        warnings=[action for action in actions if action.action == ActionKind.WARN],
        actions=actions,
        notes=list(case.notes.select_related("author").order_by("created_at", "pk")),
        # A removal shows in its author's record whether their case was open at the time or opened later.
        sealed_copies=list(
            SealedCopy.objects.filter(Q(case=case) | Q(member=member))
            .select_related("sealed_by")
            .order_by("created_at")
        ),
    )


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _name(user) -> str | None:
    return user.display_name if user is not None else None


def case_as_json(record: CaseRecord) -> dict:
    """The case for the professional conduct process, as plain data (the JSON download)."""
    case = record.case
    return {
        "case": {
            "id": case.pk,
            "title": case.title,
            "status": case.status,
            "status_label": str(case.get_status_display()),
            "opened_at": _when(case.opened_at),
            "opened_by": _name(case.opened_by),
            "exported_at": timezone.now().isoformat(),
        },
        "member": {
            "id": case.member.pk,
            "name": case.member.display_name,
            "email": case.member.email,
            "membership_number": getattr(case.member, "membership_number", "") or "",
        },
        "notes": [{"at": _when(note.created_at), "by": _name(note.author), "text": note.text} for note in record.notes],
        "actions": [
            {
                "at": _when(action.created_at),
                "by": _name(action.actor),
                "action": action.action,
                "action_label": str(action.get_action_display()),
                "reason": action.reason,
                "before": action.before,
                "after": action.after,
                "review_item": action.review_item_id,
            }
            for action in record.actions
        ],
        "warnings": [{"at": _when(action.created_at), "reason": action.reason} for action in record.warnings],
        "flags": [
            {
                "at": _when(flag.created_at),
                "by": _name(flag.flagger),
                "reason": flag.reason,
                "details": flag.details,
                "status": flag.status,
                "review_item": flag.review_item_id,
            }
            for flag in record.flags
        ],
        "reports": [
            {
                "id": report.pk,
                "at": _when(report.created_at),
                "by": _name(report.reporter),
                "category": report.category,
                "details": report.details,
                "status": report.status,
                "links": [{"url": link.url, "snapshot": link.snapshot} for link in report.links.all()],
            }
            for report in record.reports
        ],
        "sealed_copies": [
            {"at": _when(copy.created_at), "content": copy.content, "purge_after": copy.purge_after.isoformat()}
            for copy in record.sealed_copies
        ],
    }


def record_case_export(*, actor, case: Case, fmt: str) -> None:
    """Exports leave the site (security channel 36): each one is logged."""
    check(can_manage_cases(actor), STAFF_ONLY)
    from practica.core import audit

    audit.record(actor=actor, action="moderation.case_exported", target=case, data={"format": fmt})
