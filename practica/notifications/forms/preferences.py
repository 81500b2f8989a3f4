from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practica.notifications.choices import DigestFrequency, EmailMode, MeetingReminders, NotificationKind, WatchLevel
from practica.notifications.services.email import configurable_kinds, modes_for


class EmailPreferencesForm(forms.Form):
    """Per kind: immediately, in my digest, or never; the digest's rhythm; which meeting reminders; and a break
    until a date."""

    digest_frequency = forms.ChoiceField(
        label=_("Send my digest"), choices=DigestFrequency.choices, widget=forms.RadioSelect
    )
    meeting_reminders = forms.ChoiceField(
        label=_("Remind me of meetings I am going to"),
        choices=MeetingReminders.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Applies on the site and by e-mail. Changes and cancellations are always told; how they reach you by "
            "e-mail follows “Meeting reminders and changes” above."
        ),
    )
    paused_until = forms.DateField(
        label=_("Pause all e-mails until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Take a break: nothing is e-mailed until the end of this day. Notifications still appear here."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in configurable_kinds():
            self.fields[f"mode_{kind}"] = forms.ChoiceField(
                label=NotificationKind(kind).label,
                choices=[(mode, EmailMode(mode).label) for mode in modes_for(kind)],
                widget=forms.RadioSelect,
            )

    def kind_fields(self):
        return [self[f"mode_{kind}"] for kind in configurable_kinds()]

    def clean_paused_until(self):
        value = self.cleaned_data.get("paused_until")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a date in the future, or leave it empty."))
        return value

    def modes(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"mode_{kind}"] for kind in configurable_kinds()}


class WatchForm(forms.Form):
    level = forms.ChoiceField(label=_("How closely to follow it"), choices=WatchLevel.choices)


class EmailPolicyForm(forms.Form):
    include_text = forms.BooleanField(
        label=_("Include the text of posts in e-mails about this community"),
        required=False,
        help_text=_(
            "Off by default: e-mails carry the title and a link. E-mail cannot be recalled once sent and may be "
            "read on shared or work devices, so turn this on only if the community has agreed to it. Text from "
            "hidden or removed posts is never e-mailed."
        ),
    )
