"""Forms for messaging. They parse and type-check; the rules (who accepts messages, how many people) live in
the services, whose MessagingError names the field it is about."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practica.discussions.forms.writing import ComposerForm
from practica.messaging.choices import WhoMayMessage
from practica.messaging.services import SUBJECT_MAX


class MessageForm(ComposerForm):
    """A reply in a conversation: the same Markdown composer as posts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        body.help_text = _("You can use Markdown: **bold**, *italic*, > quote, - list.")
        body.error_messages["required"] = _("Please write a message before sending.")
        body.widget.attrs["rows"] = 6


class NewConversationForm(MessageForm):
    """A first message to the members chosen on the page. Their ids travel as hidden `to` values, read by the
    view through queries.chosen_recipients (never trusted as they come)."""

    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX, required=False)
    as_team = forms.BooleanField(
        label=_("Send as a moderation message from the Communities of Practice team"),
        required=False,
        help_text=_("It reaches the member whatever their message settings or blocks. Use it about conduct only."),
    )

    field_order = ["subject", "body"]

    def __init__(self, *args, allow_team=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_team:
            del self.fields["as_team"]


class RecipientSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a member by name or @handle"), max_length=60, required=False)


class PreferencesForm(forms.Form):
    who_may_message = forms.ChoiceField(
        label=_("Who may start a private conversation with you?"),
        choices=WhoMayMessage.choices,
        widget=forms.RadioSelect,
        help_text=_("Moderators and staff can always send you messages about your conduct."),
    )
    read_receipts = forms.BooleanField(
        label=_("Show others when I have read their messages"),
        required=False,
        help_text=_("Receipts appear in a conversation only when everyone in it has turned them on."),
    )
