"""Writes (and the few reads their pages need) for the legal pages, their acceptance, and reporting a concern.

Published versions are final: staff edit a draft of the next version and publish it, after which every
member must accept again before using the site (the gate compares the cached current key with their own).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.accounts.choices import LegalKind
from practica.accounts.legal import build_key, current_documents, current_legal_key, forget_current_legal_key
from practica.accounts.models import LegalAcceptance, LegalDocument, User
from practica.accounts.permissions import can_edit_legal_documents, check, is_current_member
from practica.core.audit import record
from practica.core.email import enqueue_templated_email
from practica.core.text import render_markdown

# --- Reads -------------------------------------------------------------------------------------------------


def check_legal_kind(kind: str) -> str:
    """The kind named in a URL, or 404: unknown kinds look exactly like missing pages."""
    if kind not in LegalKind.values:
        raise Http404
    return kind


def published_versions(kind: str) -> QuerySet[LegalDocument]:
    """Every published version of one kind, newest first. Drafts never leave the staff pages."""
    return LegalDocument.objects.filter(kind=kind, published_at__isnull=False).order_by("-version")


def get_published_document(*, kind: str, version: int | None = None) -> LegalDocument:
    """The version asked for, or the current one; 404 for an unknown kind, a draft, or a missing version."""
    versions = published_versions(check_legal_kind(kind))
    document = versions.filter(version=version).first() if version is not None else versions.first()
    if document is None:
        raise Http404
    return document


def pending_documents_for(user: User) -> list[LegalDocument]:
    """The current documents this person has not accepted yet, in the fixed order of the kinds."""
    documents = current_documents()
    accepted = set(
        LegalAcceptance.objects.filter(user=user, document__in=documents).values_list("document_id", flat=True)
    )
    return [document for document in documents if document.pk not in accepted]


@dataclass(frozen=True)
class LegalKindOverview:
    kind: str
    label: str
    versions: list[LegalDocument]
    draft: LegalDocument | None
    current: LegalDocument | None


def list_legal_documents_for_staff(actor: User) -> list[LegalKindOverview]:
    """Each kind with all its versions (drafts included) and how many people accepted each published one."""
    check(can_edit_legal_documents(actor), _("Only staff can manage the legal pages."))
    documents = LegalDocument.objects.annotate(acceptance_count=Count("acceptances")).order_by("kind", "-version")
    by_kind: dict[str, list[LegalDocument]] = {kind: [] for kind in LegalKind.values}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document)
    overview = []
    for kind, label in LegalKind.choices:
        versions = by_kind[kind]
        overview.append(
            LegalKindOverview(
                kind=kind,
                label=str(label),
                versions=versions,
                draft=next((d for d in versions if d.published_at is None), None),
                current=next((d for d in versions if d.published_at is not None), None),
            )
        )
    return overview


def get_draft_for(actor: User, kind: str) -> LegalDocument | None:
    check(can_edit_legal_documents(actor), _("Only staff can edit the legal pages."))
    return LegalDocument.objects.filter(kind=check_legal_kind(kind), published_at__isnull=True).first()


# --- Writes ------------------------------------------------------------------------------------------------


@transaction.atomic
def save_legal_draft(*, actor: User, kind: str, title: str, body: str, change_summary: str) -> LegalDocument:
    """Create or update the one draft of the next version of a kind of legal document."""
    check(can_edit_legal_documents(actor), _("Only staff can edit the legal pages."))
    check_legal_kind(kind)
    # Lock the kind's rows so two staff saving at once cannot both create "the next version".
    existing = list(LegalDocument.objects.select_for_update().filter(kind=kind).order_by("-version"))
    draft = next((document for document in existing if document.published_at is None), None)
    if draft is None:
        draft = LegalDocument(kind=kind, version=(existing[0].version + 1) if existing else 1, created_by=actor)
        action = "legal.draft_created"
    else:
        action = "legal.draft_updated"
    draft.title = title.strip()
    draft.body = body
    draft.body_html = render_markdown(body)
    draft.change_summary = change_summary.strip()
    draft.save()
    record(actor=actor, action=action, target=draft, summary=str(draft))
    return draft


@transaction.atomic
def publish_legal_document(*, actor: User, document: LegalDocument) -> LegalDocument:
    """Publish a draft: it becomes the current version, and everyone must accept it before going on."""
    check(can_edit_legal_documents(actor), _("Only staff can publish the legal pages."))
    document = LegalDocument.objects.select_for_update().get(pk=document.pk)
    if document.published_at is not None:
        raise ValidationError(_("This version has already been published."))
    newest_published = published_versions(document.kind).aggregate(newest=Max("version"))["newest"]
    if newest_published is not None and document.version <= newest_published:
        raise ValidationError(_("A later version has already been published."))
    if newest_published is not None and not document.change_summary:
        raise ValidationError(_("Say what changed before publishing, so members know what they are accepting."))
    document.published_at = timezone.now()
    document.save(update_fields=["published_at"])
    record(actor=actor, action="legal.published", target=document, summary=str(document))
    # Forget the cached key now (this request sees its own write) and again after commit, in case another
    # request cached the old key while this transaction was still open.
    forget_current_legal_key()
    transaction.on_commit(forget_current_legal_key)
    return document


class LegalDocumentsChanged(Exception):
    """A new version was published between showing the acceptance page and submitting it."""


@transaction.atomic
def accept_legal_documents(*, user: User, pending_key: str) -> list[LegalAcceptance]:
    """Record acceptance of every current document the person had not accepted, and let them in.

    `pending_key` names the versions the person was shown; if it no longer matches, nothing is recorded,
    so nobody is taken to have accepted a text they never saw.
    """
    documents = current_documents()
    accepted = set(
        LegalAcceptance.objects.filter(user=user, document__in=documents).values_list("document_id", flat=True)
    )
    pending = [document for document in documents if document.pk not in accepted]
    if build_key(pending) != pending_key:
        raise LegalDocumentsChanged
    acceptances = [LegalAcceptance.objects.create(user=user, document=document) for document in pending]
    key = build_key(documents)
    user.accepted_legal_key = key
    user.save(update_fields=["accepted_legal_key"])
    if key != current_legal_key():
        # This process cached an older key (several processes each keep their own without Redis).
        forget_current_legal_key()
    return acceptances


class ConcernAbout:
    """What a concern is about; stored in the audit log by value, shown by label."""

    CHOICES = (
        ("content", _("A post, message or resource")),
        ("member", _("A member's behaviour")),
        ("safeguarding", _("Safeguarding or client confidentiality")),
        ("accessibility", _("Accessibility or something not working")),
        ("other", _("Something else")),
    )

    @classmethod
    def label(cls, value: str) -> str:
        return str(dict(cls.CHOICES).get(value, value))


@transaction.atomic
def report_concern(*, reporter: User, about: str, link: str, details: str) -> None:
    """Send a member's concern to the Lead; kept in the audit log too, so nothing is lost if mail is down."""
    check(is_current_member(reporter), _("Only current members can report a concern here."))
    entry = record(
        actor=reporter,
        action="concern.reported",
        target=reporter,
        summary=_("Concern: %(about)s") % {"about": ConcernAbout.label(about)},
        data={"about": about, "link": link, "details": details},
    )
    # Enqueued inside this transaction: the e-mail exists if and only if the concern was stored.
    enqueue_templated_email(
        "email/concern_reported",
        [settings.LEAD_EMAIL],
        {
            "reference": entry.pk,
            "reporter_name": reporter.display_name,
            "reporter_email": reporter.email,
            "reporter_id": reporter.pk,
            "about": ConcernAbout.label(about),
            "link": link,
            "details": details,
        },
        ref=f"audit:{entry.pk}",
        category="account:concern",
    )
