"""Forms for the staff pages: member filters, role changes, audit filters and erasure decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practica.accounts.choices import Role

STATUS_CHOICES = [
    ("", _("Any")),
    ("current", _("Current")),
    ("lapsed", _("Lapsed")),
    ("suspended", _("Suspended")),
    ("inactive", _("Deactivated")),
]


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=120)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("Any")), *Role.choices])
    status = forms.ChoiceField(label=_("Membership"), required=False, choices=STATUS_CHOICES)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: self.cleaned_data[name] for name in ("q", "role", "status")}


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *((action, action) for action in actions)]


class ErasureDecisionForm(forms.Form):
    DECISIONS = [("erase", _("Erase the account now")), ("decline", _("Decline the request"))]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note for the audit log"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you decline: say why, so colleagues and the member can be told."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why you are declining the request."))
        return cleaned
