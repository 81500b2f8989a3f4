"""Forms for one community: the directory filters, its charter, its settings and asking to join it.

Fields are listed explicitly (SECURITY.md, channel 38): the settings form offers exactly the fields the
service lets this person change, so a posted extra field is ignored rather than trusted.
"""

from django import forms
from django.core.validators import MinValueValidator
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from practica.communities.charter import CHARTER_FIELDS, CHARTER_QUESTIONS
from practica.communities.choices import MeetingMode
from practica.communities.models import Community, Division
from practica.communities.services.communities import CHAMPION_EDITABLE, STAFF_EDITABLE

# The order settings appear in on the form; the service decides which of them this person may change.
SETTINGS_ORDER = (
    "name",
    "division",
    "short_description",
    "description",
    "membership",
    "unlisted",
    "max_members",
    "admission_questions",
    "confidentiality_agreement",
)
ANSWER_MAX_LENGTH = 2000


class CommunityFilterForm(forms.Form):
    """The directory's filters, sent with GET so they work without JavaScript and can be bookmarked."""

    division = forms.ModelChoiceField(
        label=_("Division"),
        queryset=Division.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All divisions"),
    )
    mine = forms.BooleanField(label=_("Only communities I belong to"), required=False)

    def __init__(self, *args, divisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = divisions

    def filters(self) -> dict:
        """The filters that were given and are valid; a bad value is reported next to its field and ignored."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {"division": cleaned.get("division"), "mine": bool(cleaned.get("mine"))}


class CharterForm(forms.Form):
    """The 14 charter questions (from CHARTER_QUESTIONS, the one list), the meeting mode and a change note."""

    meeting_mode = forms.ChoiceField(label=_("How do you meet?"), choices=MeetingMode.choices)
    agrees_with_code_of_conduct = forms.BooleanField(
        label=_(
            "Our values are consistent with the association's Professional Guidelines and Code of Conduct, "
            "and we practise safely as a group."
        ),
        required=False,
    )
    change_note = forms.CharField(
        label=_("What changed?"),
        max_length=300,
        required=False,
        help_text=_("A short note for the charter's history, for example “Moved meetings to Tuesdays”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {}
        for question in CHARTER_QUESTIONS:
            questions[question.field] = forms.CharField(
                label=f"{question.number}. {question.question}",
                help_text=question.hint,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        # Questions first, in their numbered order; then the meeting mode, the agreement and the note.
        self.fields = {**questions, **self.fields}

    @classmethod
    def initial_from(cls, version) -> dict:
        """Pre-fill the form from a charter version (or nothing, for a community without a charter yet)."""
        if version is None:
            return {}
        initial = {field: getattr(version, field) for field in CHARTER_FIELDS}
        initial["meeting_mode"] = version.meeting_mode
        initial["agrees_with_code_of_conduct"] = version.agrees_with_code_of_conduct
        return initial

    def answers(self) -> dict:
        return {
            **{field: self.cleaned_data[field] for field in CHARTER_FIELDS},
            "meeting_mode": self.cleaned_data["meeting_mode"],
            "agrees_with_code_of_conduct": self.cleaned_data["agrees_with_code_of_conduct"],
        }


class CommunitySettingsForm(forms.Form):
    """A community's settings. Champions get the fields CHAMPION_EDITABLE allows; staff get STAFF_EDITABLE."""

    def __init__(self, *args, community: Community, staff: bool, divisions=None, **kwargs):
        allowed = STAFF_EDITABLE if staff else CHAMPION_EDITABLE
        names = [name for name in SETTINGS_ORDER if name in allowed]
        kwargs.setdefault("initial", model_to_dict(community, fields=names))
        super().__init__(*args, **kwargs)
        self.community = community
        self.fields.update(fields_for_model(Community, fields=names))
        if "description" in self.fields:
            self.fields["description"].widget.attrs["rows"] = 8
            self.fields["description"].help_text = _(
                "Shown to every member who can find the community. You can use Markdown."
            )
        for name in ("admission_questions", "confidentiality_agreement"):
            if name in self.fields:
                self.fields[name].widget.attrs["rows"] = 4
        if "division" in self.fields:
            self.fields["division"].empty_label = _("No division")
            if divisions is not None:
                # Archived divisions take no new communities, but the current one stays selectable.
                current = Division.objects.filter(pk=community.division_id)
                self.fields["division"].queryset = (divisions | current).distinct()
        if "max_members" in self.fields:
            self.fields["max_members"].min_value = 1
            self.fields["max_members"].validators.append(MinValueValidator(1))
            self.fields["max_members"].widget.attrs["min"] = 1
        if "membership" in self.fields:
            self.fields["membership"].widget = forms.RadioSelect(choices=self.fields["membership"].choices)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Community.objects.filter(name__iexact=name).exclude(pk=self.community.pk).exists():
            raise forms.ValidationError(_("Another community already has this name."), code="unique")
        return name

    def changes(self) -> dict:
        """Only what the person changed, so the audit log says what really happened."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


class JoinRequestForm(forms.Form):
    """Asking to join a closed community: one answer per admission question, and its agreement if it has one.

    The invitation token rides along in a hidden field, so the service can check it again on POST.
    """

    invite_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = community.admission_question_list()
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question,
                max_length=ANSWER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": _("Please answer this question.")},
            )
        if community.confidentiality_agreement:
            self.fields["accepted_confidentiality"] = forms.BooleanField(
                label=_("I accept the community's confidentiality agreement."),
                error_messages={"required": _("Please accept the confidentiality agreement to ask to join.")},
            )

    def answer_fields(self):
        return [self[f"answer_{index}"] for index in range(len(self.questions))]

    def answers(self) -> list[str]:
        return [self.cleaned_data[f"answer_{index}"] for index in range(len(self.questions))]

    def accepted_confidentiality(self) -> bool:
        return bool(self.cleaned_data.get("accepted_confidentiality"))
