"""Forms for reading pages: the topic list's filters and a bookmark's note and reminder."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practica.discussions.choices import TopicKind


class TopicFilterForm(forms.Form):
    """Filters for a community's topic list; unknown values are ignored rather than shown as errors."""

    kind = forms.ChoiceField(label=_("Type"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    unread = forms.BooleanField(label=_("Unread only"), required=False)

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All types")), *TopicKind.choices]
        self.fields["tag"].choices = [("", _("All tags")), *((tag.name, tag.name) for tag in tags)]

    def filters(self) -> dict:
        if not self.is_bound:
            return {"kind": "", "tag": "", "unread": False}
        self.is_valid()  # a stale tag in a bookmarked URL drops only that filter
        data = self.cleaned_data
        return {"kind": data.get("kind") or "", "tag": data.get("tag") or "", "unread": bool(data.get("unread"))}


class BookmarkForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you can see it."),
    )
    remind_at = forms.DateTimeField(
        label=_("Remind me at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("We will send you a notification at this time."),
    )
