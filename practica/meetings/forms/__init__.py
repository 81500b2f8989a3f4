"""Forms for meetings. They parse and type-check; the rules live in the services, whose MeetingError names
the field it is about so views can show it beside that field, keeping everything typed."""

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from practica.accounts.models import User
from practica.meetings.choices import MeetingFormat, Repeat, RsvpResponse, SuggestionStatus
from practica.meetings.models import DEFAULT_TIME_ZONE
from practica.meetings.recurrence import RecurrenceError, build_rule, time_zone_choices, validate, zone

# Chairs are picked from the community's members; a community larger than this is offered its first ones.
CHAIR_CHOICES_LIMIT = 500


def chair_queryset(community):
    if community is None:
        return User.objects.filter(role__in=["staff", "admin"], is_active=True).order_by("display_name")
    return User.objects.filter(community_memberships__community=community, is_active=True).order_by("display_name")


class _WhenFields(forms.Form):
    """Date, time, length and time zone, combined into an aware `starts_at`."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(label=_("Length in minutes"), min_value=5, max_value=24 * 60, initial=60)
    time_zone = forms.ChoiceField(label=_("Time zone"), initial=DEFAULT_TIME_ZONE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()

    def starts_at(self) -> datetime | None:
        data = self.cleaned_data
        if not all(data.get(key) for key in ("date", "time", "time_zone")):
            return None
        return datetime.combine(data["date"], data["time"]).replace(tzinfo=zone(data["time_zone"]))


class _DetailFields(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    format = forms.ChoiceField(label=_("Format"), choices=MeetingFormat.choices, initial=MeetingFormat.ONLINE)
    venue = forms.CharField(
        label=_("Venue"),
        max_length=300,
        required=False,
        help_text=_("For face-to-face and hybrid meetings: the address and room."),
    )
    joining_link = forms.URLField(
        label=_("Joining link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "For online and hybrid meetings. Only members of the community and people who answer going or maybe see it."
        ),
    )
    capacity = forms.IntegerField(
        label=_("Places"), min_value=1, required=False, help_text=_("Leave empty for no limit.")
    )
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=User.objects.none(), required=False)

    def set_chairs(self, community) -> None:
        self.fields["chair"].queryset = chair_queryset(community)
        self.fields["chair"].label_from_instance = lambda user: user.display_name

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("format") in {MeetingFormat.FACE_TO_FACE, MeetingFormat.HYBRID}
            and not cleaned.get("venue", "").strip()
        ):
            self.add_error("venue", _("Say where people meet face to face."))
        return cleaned


class MeetingForm(_DetailFields, _WhenFields):
    """A new meeting or series."""

    repeat = forms.ChoiceField(label=_("Repeats"), choices=Repeat.choices, initial=Repeat.NEVER)
    custom_rule = forms.CharField(
        label=_("Custom rule"),
        max_length=300,
        required=False,
        help_text=_(
            "Only for a custom rule, in iCalendar RRULE form, such as FREQ=MONTHLY;BYDAY=-1FR (the last "
            "Friday of each month) or FREQ=WEEKLY;INTERVAL=3;BYDAY=WE."
        ),
    )
    repeat_count = forms.IntegerField(
        label=_("Number of meetings"),
        min_value=2,
        max_value=200,
        required=False,
        help_text=_("For a series: stop after this many meetings. Leave empty to keep going."),
    )
    repeat_until = forms.DateField(
        label=_("Repeat until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Or stop on this date."),
    )

    field_order = [
        "title",
        "date",
        "time",
        "duration_minutes",
        "time_zone",
        "repeat",
        "custom_rule",
        "repeat_count",
        "repeat_until",
        "format",
        "venue",
        "joining_link",
        "capacity",
        "chair",
        "agenda",
    ]

    def clean(self):
        cleaned = super().clean()
        starts_at = self.starts_at()
        repeat = cleaned.get("repeat")
        cleaned["recurrence"] = ""
        if starts_at is None or not repeat:
            return cleaned
        if repeat == Repeat.CUSTOM and not cleaned.get("custom_rule", "").strip():
            self.add_error("custom_rule", _("Write the rule, or choose another way of repeating."))
            return cleaned
        if repeat != Repeat.CUSTOM and cleaned.get("custom_rule", "").strip():
            self.add_error("custom_rule", _("Choose “Custom rule” under Repeats to use a rule of your own."))
            return cleaned
        until = cleaned.get("repeat_until")
        if until and until < starts_at.date():
            self.add_error("repeat_until", _("The series cannot end before its first meeting."))
            return cleaned
        try:
            rule = build_rule(
                repeat, starts_at, custom=cleaned.get("custom_rule", ""), count=cleaned.get("repeat_count"), until=until
            )
            cleaned["recurrence"] = validate(rule, starts_at) if rule else ""
        except RecurrenceError as error:
            self.add_error("custom_rule" if repeat == Repeat.CUSTOM else "repeat", str(error))
        return cleaned


class OccurrenceForm(_DetailFields, _WhenFields):
    """One date of a meeting, changed on its own (or, for a series, with every later date)."""

    following = forms.BooleanField(
        label=_("Also change every later meeting of this series"),
        required=False,
        help_text=_("Applies everything except the date, time and time zone."),
    )

    field_order = [
        "title",
        "date",
        "time",
        "duration_minutes",
        "time_zone",
        "format",
        "venue",
        "joining_link",
        "capacity",
        "chair",
        "agenda",
        "following",
    ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        required=False,
        max_length=300,
        help_text=_("Sent to everyone who said they were coming."),
    )
    following = forms.BooleanField(label=_("Also cancel every later meeting of this series"), required=False)


class RsvpForm(forms.Form):
    response = forms.ChoiceField(choices=RsvpResponse.choices)


class AttendanceForm(forms.Form):
    attendees = forms.TypedMultipleChoiceField(
        label=_("Who attended"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was discussed and agreed. Members of the meeting see these notes. Keep clients anonymous."),
    )
    resource_links = forms.CharField(
        label=_("Links to resources"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address per line, such as a library item or slides."),
    )

    library_items = forms.TypedMultipleChoiceField(
        label=_("From the community's library"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Shown on the meeting's page to everyone who may see each item in the library."),
    )

    def __init__(self, *args, people=(), library_items=(), site_wide: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [(person.pk, person.display_name) for person in people]
        self.fields["library_items"].choices = [(item.pk, item.title) for item in library_items]
        if site_wide:
            self.fields["library_items"].label = _("From the site library")


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(label=_("Show meeting times in"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()


class SuggestionForm(forms.Form):
    what = forms.CharField(label=_("What event would you like?"), max_length=200)
    why = forms.CharField(
        label=_("Why would it help you and other members?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    format = forms.ChoiceField(label=_("Format"), choices=MeetingFormat.choices, initial=MeetingFormat.ONLINE)


class SuggestionReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SuggestionStatus.choices)
    note = forms.CharField(
        label=_("Note to the member"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
