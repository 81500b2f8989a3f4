import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practica.insights.metrics import target_choices
from practica.insights.models import Target
from practica.insights.queries import DAY, MONTH, WEEK, Period, default_period

MAX_PERIOD_DAYS = 3 * 366
MAX_DAILY_DAYS = 120


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """The date-range controls of the dashboards and the board report (a GET form)."""

    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)
    grain = forms.ChoiceField(
        label=_("Show by"), choices=[(DAY, _("Day")), (WEEK, _("Week")), (MONTH, _("Month"))], required=False
    )

    def __init__(self, data=None, *, default: Period | None = None, with_grain: bool = True):
        self.default = default or default_period()
        if data is not None and not any(data.get(name) for name in ("start", "end", "grain")):
            data = None
        initial = {"start": self.default.start, "end": self.default.end, "grain": self.default.grain}
        super().__init__(data, initial=initial)
        if not with_grain:
            del self.fields["grain"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end date must be on or after the start date."))
            elif (end - start).days >= MAX_PERIOD_DAYS:
                self.add_error("start", _("Choose a period of three years or less."))
            elif cleaned.get("grain") == DAY and (end - start).days >= MAX_DAILY_DAYS:
                self.add_error("grain", _("Show periods longer than four months by week or by month."))
        return cleaned

    def period(self) -> Period:
        """The chosen period, or the default when nothing (or nothing valid) was chosen."""
        if self.is_bound and self.is_valid():
            grain = self.cleaned_data.get("grain") or self.default.grain
            return Period(self.cleaned_data["start"], self.cleaned_data["end"], grain)
        return self.default


class TargetForm(forms.ModelForm):
    metric = forms.ChoiceField(label=_("What is measured"), choices=target_choices)
    value = forms.IntegerField(
        label=_("Target"),
        help_text=_("The number to reach by the end date, such as 15 communities or 30 new topics."),
    )

    class Meta:
        model = Target
        fields = ["metric", "value", "starts_on", "ends_on", "note"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}
        help_texts = {
            "starts_on": _("The first day that counts."),
            "ends_on": _("The day the target should be reached, such as 31 December."),
            "note": _("Optional: where the target comes from, such as the programme board."),
        }

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value < 0:
            raise forms.ValidationError(_("A target cannot be negative. Enter zero or more."))
        return value

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", _("The end date must be on or after the start date."))
            elif (ends_on - starts_on).days > 5 * 366:
                self.add_error("ends_on", _("A target can span five years at most."))
        if ends_on and ends_on < timezone.localdate() - datetime.timedelta(days=5 * 366):
            self.add_error("ends_on", _("That date is too far in the past for a target."))
        return cleaned
