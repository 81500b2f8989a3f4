"""The copyright notice form (members, and staff entering a notice received by e-mail), and staff's decision."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practica.moderation.models import CopyrightNotice
from practica.moderation.services.reports import site_path


class CopyrightNoticeForm(forms.ModelForm):
    class Meta:
        model = CopyrightNotice
        fields = ["work", "location", "claimant_name", "claimant_email", "statement", "idempotency_key"]
        widgets = {
            "idempotency_key": forms.HiddenInput,
            "work": forms.Textarea(attrs={"rows": 3}),
            "statement": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "work": _("The title and author of the work, and where the original is published."),
            "location": _("The address of the post, topic or resource on this site, e.g. /posts/12/."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A fresh one-time key per form shown: a double submit stores one notice (see forms.idempotency).
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = uuid.uuid4().hex

    def clean_location(self) -> str:
        location = self.cleaned_data["location"].strip()
        if site_path(location) is None:
            raise ValidationError(gettext("Give the address of the page on this site, such as /posts/12/."))
        return location


class CopyrightDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("uphold", _("Remove the material")), ("reject", _("Not upheld"))]
    )
    reason = forms.CharField(label=_("Why (for the record)"), required=False, max_length=1000)
