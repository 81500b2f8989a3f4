"""Forms for cases: opening one on a member, adding a note, changing the status."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practica.accounts.models import User
from practica.moderation.choices import CaseStatus
from practica.moderation.forms.idempotency import IdempotentForm


class CaseOpenForm(IdempotentForm):
    member = forms.CharField(
        label=_("Member"),
        max_length=254,
        help_text=_("Their e-mail address or @handle."),
        error_messages={"required": _("Say which member the case is about.")},
    )
    title = forms.CharField(
        label=_("Summary"),
        max_length=200,
        help_text=_("A line that says what the case is about, e.g. “Repeated personal remarks in two topics”."),
        error_messages={"required": _("Give the case a summary.")},
    )

    def clean_member(self) -> User:
        value = self.cleaned_data["member"].strip()
        people = User.objects.filter(erased_at__isnull=True)
        if value.isdigit():
            found = people.filter(pk=int(value)).first()
        elif "@" in value.lstrip("@"):
            found = people.filter(email__iexact=value).first()
        else:
            found = people.filter(handle__iexact=value.lstrip("@")).first()
        if found is None:
            raise ValidationError(gettext("No member has that e-mail address or handle."))
        return found


class CaseNoteForm(IdempotentForm):
    text = forms.CharField(
        label=_("Add a note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Notes cannot be changed or deleted later."),
        error_messages={"required": _("Write the note first.")},
    )


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)
    reason = forms.CharField(label=_("Why"), required=False, max_length=1000)
