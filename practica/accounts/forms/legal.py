"""Forms for accepting the legal pages, editing their drafts, and reporting a concern."""

from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practica.accounts.models import LegalDocument
from practica.accounts.services.legal import ConcernAbout


class LegalAcceptForm(forms.Form):
    """One required checkbox per document not yet accepted, plus the versions the person was shown."""

    pending_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, documents: list[LegalDocument], **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = documents
        for document in documents:
            self.fields[self.field_name(document)] = forms.BooleanField(
                required=True,
                label=gettext("I have read and accept “%(title)s”, version %(version)s")
                % {"title": document.title, "version": document.version},
                error_messages={"required": gettext("Tick the box to accept “%(title)s”.") % {"title": document.title}},
            )

    @staticmethod
    def field_name(document: LegalDocument) -> str:
        return f"accept_{document.kind}"

    def document_fields(self):
        """(document, bound checkbox) pairs, so the template shows each summary next to its box."""
        return [(document, self[self.field_name(document)]) for document in self.documents]


class LegalDraftForm(forms.ModelForm):
    """The draft of the next version of one legal document."""

    class Meta:
        model = LegalDocument
        fields = ["title", "body", "change_summary"]
        widgets = {"body": forms.Textarea(attrs={"rows": 20})}
        help_texts = {
            "body": _(
                "Markdown: ## for headings, **bold**, *italic*, - for lists, [text](https://example.org) for links."
            ),
            "change_summary": _("One or two sentences that members see when they are asked to accept again."),
        }

    def __init__(self, *args, needs_change_summary: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # A first version has nothing to compare with; every later one must say what changed.
        self.fields["change_summary"].required = needs_change_summary


def validate_concern_link(value: str) -> None:
    """A link on this site (a path) or an ordinary web address; nothing else is accepted."""
    parts = urlsplit(value)
    if value.startswith("/") and not value.startswith("//"):
        return
    if parts.scheme in {"http", "https"} and parts.netloc:
        return
    raise ValidationError(
        _("Enter a web address starting with https://, or a page address on this site starting with /.")
    )


class ConcernForm(forms.Form):
    about = forms.ChoiceField(
        label=_("What is it about?"),
        choices=[("", _("Choose one")), *ConcernAbout.CHOICES],
        error_messages={"required": _("Choose what your concern is about.")},
    )
    link = forms.CharField(
        label=_("Link to the page, post or message"),
        required=False,
        max_length=500,
        validators=[validate_concern_link],
        help_text=_("Copy the address from your browser, if the concern is about something on the site."),
        # Not type="url": a page address on this site ("/members/12/") is welcome too.
        widget=forms.TextInput(attrs={"inputmode": "url"}),
    )
    details = forms.CharField(
        label=_("What happened?"),
        max_length=5000,
        error_messages={"required": _("Tell us what happened.")},
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Tell us what worries you. Please do not include anything that could identify a client. "
            "Only the Communities of Practice team reads this."
        ),
    )

    def clean_details(self) -> str:
        details = self.cleaned_data["details"].strip()
        if not details:
            raise ValidationError(_("Tell us what happened."))
        return details
