"""Forms for the CPD log: an entry, and the date range of an export."""

import datetime
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practica.development.choices import CpdCategory, ExportFormat
from practica.development.models import MAX_HOURS, CpdEntry

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Ten years covers any professional body's CPD cycle; a wider range is almost certainly a typing slip.
MAX_EXPORT_DAYS = 3660


class CpdEntryForm(forms.ModelForm):
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_HOURS)],
        help_text=_("More than 0 and no more than 24, for example 1.5 for an hour and a half."),
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "max": "24", "inputmode": "decimal"}),
    )

    class Meta:
        model = CpdEntry
        fields = ["date", "title", "category", "hours", "learned", "practice_change"]
        widgets = {
            "date": DATE_INPUT,
            "learned": forms.Textarea(attrs={"rows": 4}),
            "practice_change": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("What was it? For example the book, article, course or meeting."),
            "learned": _("Only you can see your reflections."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].error_messages["min_value"] = _("Enter more than 0 hours.")
        self.fields["hours"].error_messages["max_value"] = _("Enter no more than 24 hours for one entry.")
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate()
        if self.instance.pk and self.instance.is_automatic:
            # Made from a meeting: the category is fixed; date, hours and title can still be corrected.
            self.fields["category"].choices = [(CpdCategory.MEETING, CpdCategory.MEETING.label)]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("The date cannot be in the future: record learning once it has happened."))
        return date


def _start_of_year() -> datetime.date:
    return timezone.localdate().replace(month=1, day=1)


class ExportForm(forms.Form):
    """The date range (both days included) and the format of an export of the log."""

    start = forms.DateField(label=_("From"), widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), widget=DATE_INPUT)
    format = forms.ChoiceField(
        label=_("Format"), choices=ExportFormat.choices, initial=ExportFormat.CSV, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].initial = _start_of_year()
        self.fields["end"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end date must be on or after the start date."))
            elif (end - start).days > MAX_EXPORT_DAYS:
                self.add_error("end", _("Choose a range of ten years or less."))
        return cleaned
