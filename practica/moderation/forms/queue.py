"""Forms of the review queue: its filters, and each action on an item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practica.moderation.choices import Duration, ItemKind


class QueueFilterForm(forms.Form):
    """Filters for the queue; unknown values are ignored rather than shown as errors."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    community = forms.ChoiceField(label=_("Community"), required=False)

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *ItemKind.choices]
        self.fields["community"].choices = [("", _("All communities")), *((str(c.pk), c.name) for c in communities)]

    def filters(self) -> dict:
        if not self.is_bound:
            return {"kind": "", "community": ""}
        self.is_valid()
        data = self.cleaned_data
        return {"kind": data.get("kind") or "", "community": data.get("community") or ""}


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the record"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Staff and moderators can read it; the flaggers and the author cannot."),
    )


class AnonymiseForm(forms.Form):
    body = forms.CharField(label=_("The edited text"), max_length=30_000, widget=forms.Textarea(attrs={"rows": 8}))
    note_to_author = forms.CharField(
        label=_("Note to the author"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to them in a private message: what you changed and why."),
    )


class WarnForm(forms.Form):
    message = forms.CharField(
        label=_("The warning"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the member in a private message from the Communities of Practice team."),
    )


class DurationForm(forms.Form):
    """Silence or suspend: for how long, and why (the member is told)."""

    duration = forms.ChoiceField(label=_("For how long"), choices=Duration.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member reads this."),
    )


class ReferForm(forms.Form):
    note = forms.CharField(label=_("Why refer this member"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class CallRequestForm(forms.Form):
    how = forms.ChoiceField(
        label=_("How would you like to talk?"),
        choices=[("phone", _("Phone")), ("video", _("Video call"))],
        widget=forms.RadioSelect,
    )
    good_times = forms.CharField(
        label=_("Good times to reach you"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: weekday mornings, or Tuesday after 4pm."),
    )
