from allauth.account.forms import SignupForm
from allauth.core import context
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from practica.accounts.services.members import find_register_entry_for_signup, usable_invitation

INVITATION_SESSION_KEY = "practica_invitation_id"

NO_REGISTER_MATCH = _(
    "We could not match this membership number and e-mail address to the members register. Check both "
    "against your membership card or renewal e-mail, or contact the membership team."
)
INVITATION_NO_LONGER_USABLE = _(
    "This invitation link can no longer be used. Ask the person who sent it for a new link, or sign up with "
    "your membership number if you are a member."
)


class RegisterSignupForm(SignupForm):
    """Sign-up for people on the members register (membership number + e-mail) or holding an invitation."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=120,
        help_text=_("How other members will see you, for example your first name and surname."),
    )
    membership_number = forms.CharField(
        label=_("Membership number"),
        max_length=40,
        required=False,
        help_text=_("As shown on your membership card or renewal e-mail."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    field_order = ["display_name", "membership_number", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs.setdefault("autocomplete", "name")
        self.fields["email"].label = _("E-mail address")
        self.register_entry = None
        self.invitation = self._invitation_from_session()
        if self.invitation is None:
            self.fields["membership_number"].required = True
        else:
            del self.fields["membership_number"]
            if self.invitation.email:
                self.fields["email"].initial = self.invitation.email

    @staticmethod
    def _invitation_from_session():
        request = context.request
        session = getattr(request, "session", None)
        return usable_invitation(session.get(INVITATION_SESSION_KEY)) if session is not None else None

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if not email:
            return cleaned
        if self.invitation is not None:
            if self.invitation.email and self.invitation.email.lower() != email.lower():
                self.add_error("email", _("This invitation was sent to a different e-mail address."))
            return cleaned
        number = cleaned.get("membership_number")
        if not number:
            return cleaned
        entry = find_register_entry_for_signup(membership_number=number, email=email)
        if entry is None:
            self.add_error(None, NO_REGISTER_MATCH)
        elif entry.user_id is not None:
            # Same outcome as a fresh sign-up: allauth e-mails the address instead of saying it is taken.
            self.account_already_exists = True
        else:
            self.register_entry = entry
        return cleaned

    def try_save(self, request):
        try:
            return super().try_save(request)
        except ValueError:
            # Between this form's checks and the save, someone else claimed the register row or the
            # invitation's last use (complete_signup re-checks both inside its UPDATE, and the save rolled back).
            if self.register_entry is not None:
                # As for any linked row: the owner is e-mailed, and this page looks like a normal sign-up.
                self.account_already_exists = True
                return super().try_save(request)
            if self.invitation is not None:
                request.session.pop(INVITATION_SESSION_KEY, None)
                messages.error(request, INVITATION_NO_LONGER_USABLE)
                return None, redirect("account_signup")
            raise
