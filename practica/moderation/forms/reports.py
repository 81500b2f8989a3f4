"""The report-a-concern form, and the staff form that sets a report's status and what the reporter is told."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practica.moderation.choices import ReportCategory, ReportStatus
from practica.moderation.forms.idempotency import IdempotentForm
from practica.moderation.services.reports import MAX_LINKS, site_path
from practica.moderation.services.settings import lines_of


class ReportForm(IdempotentForm):
    category = forms.ChoiceField(
        label=_("What is it about?"),
        choices=[("", _("Choose one")), *ReportCategory.choices],
        error_messages={"required": _("Choose what your concern is about.")},
    )
    details = forms.CharField(
        label=_("What happened?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Only the Communities of Practice team reads this."),
        error_messages={"required": _("Tell us what happened.")},
    )
    links = forms.CharField(
        label=_("Links to the posts, topics or profiles it concerns"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Up to 5 links on this site, one per line. We keep a copy of what each page shows now, so you "
            "do not need screenshots."
        ),
    )

    def clean_details(self) -> str:
        details = self.cleaned_data["details"].strip()
        if not details:
            raise ValidationError(gettext("Tell us what happened."))
        return details

    def clean_links(self) -> list[str]:
        links = lines_of(self.cleaned_data["links"])
        if len(links) > MAX_LINKS:
            raise ValidationError(gettext("Give at most %(limit)s links.") % {"limit": MAX_LINKS})
        elsewhere = [link for link in links if len(link) > 500 or site_path(link) is None]
        if elsewhere:
            raise ValidationError(
                gettext("Only links to pages on this site, such as /posts/12/: %(links)s")
                % {"links": ", ".join(elsewhere)}
            )
        return links


class ReportStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices)
    status_note = forms.CharField(
        label=_("What the member who reported it is told"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never name another member's penalty: say what was looked at and that it was dealt with."),
    )
