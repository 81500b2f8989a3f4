"""The flag form: a reason from the list, and words of one's own ("Something else" needs them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practica.moderation.choices import FlagReason


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you flagging this?"), choices=FlagReason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Tell us more"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed for “Something else”. Only moderators and staff read it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["details"].required_when = _("needed for “Something else”")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == FlagReason.OTHER and not (cleaned.get("details") or "").strip():
            self.add_error("details", _("Tell us what the problem is."))
        return cleaned
