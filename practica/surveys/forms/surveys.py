"""Forms for running surveys (staff) and answering them (members)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practica.communities.models import Community, Division
from practica.surveys.choices import LIKERT_LABELS, AudienceKind, QuestionKind
from practica.surveys.models import Question, Survey

DATE_WIDGET = {"type": "date"}


class SurveyForm(forms.ModelForm):
    audience_kind = forms.ChoiceField(label=_("Audience"), choices=AudienceKind.choices, widget=forms.RadioSelect)
    division = forms.ModelChoiceField(
        label=_("Division"),
        queryset=Division.objects.filter(archived_at__isnull=True),
        required=False,
        help_text=_("Members of any of its communities, and members the register lists under it."),
    )
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.order_by("name"), required=False
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "introduction",
            "audience_kind",
            "division",
            "community",
            "opens_on",
            "closes_on",
            "ask_community",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "opens_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        }
        help_texts = {"title": _("For example: Temperature check, spring.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].required_when = _("required for a division")
        self.fields["community"].required_when = _("required for a community")
        if not self.instance.pk:
            self.fields["opens_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("audience_kind")
        if kind == AudienceKind.DIVISION and not cleaned.get("division"):
            self.add_error("division", _("Choose the division whose members the survey is for."))
        if kind == AudienceKind.COMMUNITY and not cleaned.get("community"):
            self.add_error("community", _("Choose the community whose members the survey is for."))
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The closing date must be on or after the opening date."))
        return cleaned


class ExtendForm(forms.Form):
    closes_on = forms.DateField(
        label=_("New closing date"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["kind", "prompt", "help_text", "required", "options"]
        widgets = {"kind": forms.RadioSelect, "options": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options"].required_when = _("required for multiple choice")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") in {QuestionKind.SINGLE, QuestionKind.MULTIPLE}:
            options = [line.strip() for line in (cleaned.get("options") or "").splitlines() if line.strip()]
            if len(options) < 2:
                self.add_error("options", _("Give at least two options, one per line."))
        return cleaned


NO_COMMUNITY = ""


class AnswerForm(forms.Form):
    """One field per question (named q<id>), plus the optional "which community" question."""

    def __init__(self, *args, survey: Survey, questions, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = self._field_for(question)
        if communities:
            self.fields["community"] = forms.ChoiceField(
                label=_("Which community do you mainly take part in?"),
                choices=[(str(c.pk), c.name) for c in communities] + [(NO_COMMUNITY, _("Prefer not to say"))],
                required=False,
                initial=NO_COMMUNITY,
                widget=forms.RadioSelect,
                help_text=_("Optional. Used only to compare communities with at least 5 responses each."),
            )
            self.community_choices = {str(c.pk): c for c in communities}
        else:
            self.community_choices = {}

    @staticmethod
    def _field_for(question: Question) -> forms.Field:
        common = {"label": question.prompt, "required": question.required, "help_text": question.help_text}
        error = {"required": _("Answer this question, please.")}
        if question.kind == QuestionKind.LIKERT:
            choices = [(str(score), f"{score} – {label}") for score, label in LIKERT_LABELS.items()]
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, error_messages=error, **common)
        if question.kind == QuestionKind.NPS:
            choices = [(str(score), str(score)) for score in range(0, 11)]
            choices[0] = ("0", _("0 – not at all likely"))
            choices[10] = ("10", _("10 – extremely likely"))
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, error_messages=error, **common)
        options = [(str(index), option) for index, option in enumerate(question.option_list())]
        if question.kind == QuestionKind.SINGLE:
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, error_messages=error, **common)
        if question.kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=options,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Choose at least one answer, please.")},
                **common,
            )
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, error_messages=error, **common
        )

    def answers(self) -> dict[int, object]:
        """The cleaned answers as the answering service takes them (question id → score, position(s) or text)."""
        result: dict[int, object] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if value in (None, "", []):
                continue
            if question.kind == QuestionKind.TEXT:
                result[question.pk] = value
            elif question.kind == QuestionKind.MULTIPLE:
                result[question.pk] = [int(item) for item in value]
            else:
                result[question.pk] = int(value)
        return result

    def chosen_community(self):
        return self.community_choices.get(self.cleaned_data.get("community") or NO_COMMUNITY)
