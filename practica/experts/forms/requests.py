"""Forms for speaker requests: asking for a speaker, and staff's triage and scheduling."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practica.communities.models import Community
from practica.experts.choices import PreferredFormat, RequestStatus
from practica.experts.models import ExpertProfile, SpeakerRequest
from practica.experts.permissions import requestable_communities
from practica.meetings.choices import MeetingFormat


class SpeakerRequestForm(forms.ModelForm):
    community = forms.ModelChoiceField(
        label=_("Audience"),
        queryset=Community.objects.none(),
        empty_label=None,
        help_text=_("The community whose members the talk is for. You can choose among communities you belong to."),
    )

    class Meta:
        model = SpeakerRequest
        fields = ["topic", "community", "why", "preferred_format", "preferred_dates"]
        widgets = {"why": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"topic": _("For example: working with neurodivergent adults.")}

    def __init__(self, *args, requester, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = requestable_communities(requester, Community.objects.all()).order_by("name")
        self.fields["preferred_format"].choices = PreferredFormat.choices


class StatusForm(forms.Form):
    # The request page holds several staff forms at once: prefixes keep their fields' ids apart.
    prefix = "status"
    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note to the requester"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when declining: the requester sees your reason."),
    )

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(status, RequestStatus(status).label) for status in statuses]


class SuggestForm(forms.Form):
    prefix = "suggest"
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=ExpertProfile.objects.none())
    note = forms.CharField(label=_("Why them"), required=False, max_length=300)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = ExpertProfile.objects.visible_to(viewer).select_related("user")
        self.fields["expert"].label_from_instance = lambda expert: f"{expert.user.display_name} ({expert.areas})"


class SpeakerForm(forms.Form):
    prefix = "speaker"
    speaker = forms.ModelChoiceField(
        label=_("Expert from the directory"),
        queryset=ExpertProfile.objects.none(),
        required=False,
        empty_label=_("Someone not in the directory"),
    )
    speaker_name = forms.CharField(
        label=_("Or the speaker's name"),
        required=False,
        max_length=200,
        help_text=_("For a speaker found another way, for example through a discussion."),
    )
    note = forms.CharField(
        label=_("Note to the requester"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = ExpertProfile.objects.visible_to(viewer).select_related("user")
        self.fields["speaker"].label_from_instance = lambda expert: f"{expert.user.display_name} ({expert.areas})"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("speaker") and not (cleaned.get("speaker_name") or "").strip():
            self.add_error("speaker", _("Choose an expert, or give the speaker's name."))
        return cleaned


class ScheduleForm(forms.Form):
    title = forms.CharField(label=_("Meeting title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(label=_("Length in minutes"), min_value=15, max_value=600, initial=60)
    format = forms.ChoiceField(label=_("Format"), choices=MeetingFormat.choices, initial=MeetingFormat.ONLINE)
    joining_link = forms.URLField(
        label=_("Joining link"),
        required=False,
        assume_scheme="https",
        help_text=_("For online and hybrid meetings, starting with https://. Shown only to the community's members."),
    )
    venue = forms.CharField(
        label=_("Venue"), required=False, max_length=300, help_text=_("For face-to-face and hybrid meetings.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].help_text = _("In the site's time zone, %(zone)s.") % {"zone": settings.TIME_ZONE}

    def clean_starts_at(self):
        # Django reads the typed wall-clock time in the site's time zone (settings.TIME_ZONE).
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return starts_at

    def clean(self):
        cleaned = super().clean()
        meeting_format = cleaned.get("format")
        if meeting_format in {MeetingFormat.FACE_TO_FACE, MeetingFormat.HYBRID} and not cleaned.get("venue"):
            self.add_error("venue", _("Give the venue for a face-to-face or hybrid meeting."))
        return cleaned
