"""Staff forms for the members register and invitations."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practica.accounts.services.invitations import MAX_EXPIRY_DAYS, MAX_USES_LIMIT

MAX_REGISTER_FILE_BYTES = 20 * 1024 * 1024


class RegisterSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the register"),
        max_length=100,
        required=False,
        help_text=_("Membership number, name or e-mail address."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Register file (CSV)"),
        help_text=_(
            "A CSV file whose first row names the columns: membership number, e-mail, name, and optionally "
            "grade, division and membership expiry (YYYY-MM-DD or DD/MM/YYYY). You will see a preview before "
            "anything changes."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_REGISTER_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB. Split it into smaller files."),
                params={"size": MAX_REGISTER_FILE_BYTES // (1024 * 1024)},
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class InvitationForm(forms.Form):
    note = forms.CharField(
        label=_("Who is it for?"),
        max_length=200,
        help_text=_("A note for staff, for example \u201cGuest speaker, March meeting\u201d. Not shown to the guest."),
    )
    email = forms.EmailField(
        label=_("Only for this e-mail address"),
        required=False,
        max_length=254,
        help_text=_("Leave empty to let anyone with the link sign up."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    max_uses = forms.IntegerField(
        label=_("How many people may use the link"),
        min_value=1,
        max_value=MAX_USES_LIMIT,
        initial=1,
    )
    expires_in_days = forms.IntegerField(
        label=_("The link works for this many days"),
        min_value=1,
        max_value=MAX_EXPIRY_DAYS,
        initial=14,
    )
    access_expires_on = forms.DateField(
        label=_("Access ends on"),
        required=False,
        help_text=_("Leave empty for access that does not end. Format: YYYY-MM-DD."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def clean_access_expires_on(self):
        value = self.cleaned_data.get("access_expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date in the future."))
        return value
