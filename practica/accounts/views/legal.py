"""The legal pages (public), accepting them, reporting a concern, and the staff pages that edit the legal texts."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from practica.accounts.choices import LegalKind
from practica.accounts.forms.legal import LegalAcceptForm, LegalDraftForm
from practica.accounts.legal import build_key, current_legal_key
from practica.accounts.models import LegalDocument
from practica.accounts.permissions import can_edit_legal_documents, check
from practica.accounts.services import legal as services
from practica.core.text import render_markdown


@require_http_methods(["GET", "HEAD"])
def legal_document(request, kind: str, version: int | None = None):
    """A legal page anyone may read: the current version, or an earlier one, with links to the others."""
    document = services.get_published_document(kind=kind, version=version)
    versions = list(services.published_versions(kind).only("kind", "version", "published_at", "change_summary"))
    return render(
        request,
        "accounts/legal/document.html",
        {
            "document": document,
            "current": versions[0],
            "is_current": document.version == versions[0].version,
            "other_versions": [v for v in versions if v.version != document.version],
        },
    )


def _safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("core:home")


@require_http_methods(["GET", "HEAD", "POST"])
def legal_accept(request):
    """Accept the current legal pages: each document not yet accepted, with what changed since last time."""
    documents = services.pending_documents_for(request.user)
    next_url = _safe_next(request)
    form = LegalAcceptForm(request.POST or None, documents=documents, initial={"pending_key": build_key(documents)})
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_legal_documents(user=request.user, pending_key=form.cleaned_data["pending_key"])
        except services.LegalDocumentsChanged:
            messages.warning(request, _("A new version was published while you were reading. Please look again."))
            return redirect(f"{reverse('accounts:legal-accept')}?{urlencode({'next': next_url})}")
        if documents:
            messages.success(request, _("Thank you. Your acceptance has been recorded."))
        return redirect(next_url)
    return render(
        request,
        "accounts/legal/accept.html",
        {
            "form": form,
            "documents": documents,
            "next_url": next_url,
            # Everything accepted but the key on the account is out of date: one button brings it up to date.
            "needs_confirmation": not documents and request.user.accepted_legal_key != current_legal_key(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def report_concern(request):
    """The old address of the concern form: concerns now go to the Lead through moderation's report form
    (moderation:report), which keeps a snapshot of each linked page. Old links keep working."""
    return redirect("moderation:report")


@require_http_methods(["GET", "HEAD"])
def legal_manage(request):
    """Staff: each kind of legal document with its versions, drafts and acceptance counts."""
    overview = services.list_legal_documents_for_staff(request.user)
    return render(request, "accounts/legal/manage.html", {"overview": overview})


@require_http_methods(["GET", "HEAD", "POST"])
def legal_draft(request, kind: str):
    """Staff: write the next version of a legal document, preview it, and save it as a draft."""
    draft = services.get_draft_for(request.user, kind)
    current = services.published_versions(kind).first()
    if draft is None and current is not None:
        # Start the next version from the current text, with an empty "what changed".
        initial = {"title": current.title, "body": current.body}
    else:
        initial = {"title": LegalKind(kind).label} if draft is None else {}
    form = LegalDraftForm(
        request.POST or None, instance=draft, initial=initial, needs_change_summary=current is not None
    )
    preview_html = ""
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview_html = render_markdown(form.cleaned_data["body"])
        else:
            saved = services.save_legal_draft(actor=request.user, kind=kind, **form.cleaned_data)
            messages.success(
                request,
                _("Draft of version %(version)s saved. Publish it when it is ready.") % {"version": saved.version},
            )
            return redirect("accounts:staff-legal")
    next_version = draft.version if draft else (current.version + 1 if current else 1)
    return render(
        request,
        "accounts/legal/draft.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": LegalKind(kind).label,
            "draft": draft,
            "current": current,
            "next_version": next_version,
            "preview_html": preview_html,
        },
    )


@require_POST
def legal_publish(request, pk: int):
    """Staff: publish a draft. It becomes the current version and everyone must accept it again."""
    check(can_edit_legal_documents(request.user), _("Only staff can publish the legal pages."))
    document = get_object_or_404(LegalDocument, pk=pk)
    try:
        services.publish_legal_document(actor=request.user, document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:staff-legal")
    messages.success(
        request,
        _("%(document)s is published. Everyone will be asked to accept it when they next open a page.")
        % {"document": document.title},
    )
    return redirect("accounts:staff-legal")
