"""Forms for the expert directory: a member's own entry, and the directory's search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practica.communities.models import Division
from practica.experts.choices import SpeakingFormat
from practica.experts.models import ExpertProfile


def _divisions():
    return Division.objects.filter(archived_at__isnull=True).order_by("position", "name")


class ExpertProfileForm(forms.ModelForm):
    divisions = forms.ModelMultipleChoiceField(
        label=_("Divisions"),
        queryset=Division.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The parts of the profession your expertise is most useful to."),
    )

    class Meta:
        model = ExpertProfile
        fields = [
            "available",
            "areas",
            "offers_talk",
            "offers_qa",
            "offers_workshop",
            "divisions",
            "availability_notes",
        ]
        widgets = {"availability_notes": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "offers_talk": _("I can give a talk"),
            "offers_qa": _("I can take part in a Q&A"),
            "offers_workshop": _("I can run a workshop"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["divisions"].queryset = _divisions()
        self.fields["available"].help_text = _(
            "Untick to leave the expert directory; what you wrote is kept for when you return."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("available") and not any(
            cleaned.get(name) for name in ("offers_talk", "offers_qa", "offers_workshop")
        ):
            self.add_error("offers_talk", _("Choose at least one way you can help: a talk, a Q&A or a workshop."))
        return cleaned


class ExpertSearchForm(forms.Form):
    """The directory's search; unknown values are dropped rather than shown as errors."""

    area = forms.CharField(label=_("Area of expertise"), required=False, max_length=120)
    division = forms.ModelChoiceField(
        label=_("Division"), queryset=Division.objects.none(), required=False, empty_label=_("All divisions")
    )
    format = forms.ChoiceField(label=_("Format"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].widget.input_type = "search"
        self.fields["division"].queryset = _divisions()
        self.fields["format"].choices = [("", _("Any format")), *SpeakingFormat.choices]

    def filters(self) -> dict:
        if not self.is_bound:
            return {"area": "", "division": None, "format": ""}
        self.is_valid()
        data = self.cleaned_data
        return {"area": data.get("area") or "", "division": data.get("division"), "format": data.get("format") or ""}
