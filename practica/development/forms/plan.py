"""Form for a goal in the personal development plan."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from practica.development.models import DevelopmentGoal


class GoalForm(forms.ModelForm):
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        required=False,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("From 0 to 100. Marking the goal done sets it to 100."),
        widget=forms.NumberInput(attrs={"min": "0", "max": "100", "step": "5"}),
    )

    class Meta:
        model = DevelopmentGoal
        fields = ["title", "target_date", "status", "progress", "notes"]
        widgets = {
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"title": _("For example: complete a course in working with trauma.")}

    def clean_progress(self):
        return self.cleaned_data.get("progress") or 0
