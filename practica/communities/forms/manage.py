"""Forms for staff managing communities and divisions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from practica.communities.choices import CommunityStatus, Membership
from practica.communities.forms.proposals import CharterFieldsMixin, division_field
from practica.communities.models import Community, Division


class CommunityFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=120)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any")), *CommunityStatus.choices])
    membership = forms.ChoiceField(
        label=_("Membership"), required=False, choices=[("", _("Any")), ("open", _("Open")), ("closed", _("Closed"))]
    )
    division = forms.ModelChoiceField(
        label=_("Division"), required=False, queryset=Division.objects.all(), empty_label=_("Any")
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class CommunityCreateForm(CharterFieldsMixin, forms.Form):
    """Staff create a community directly; the charter can be written now or later by its champions."""

    SETTINGS_FIELDS = (
        "name",
        "division",
        "short_description",
        "description",
        "membership",
        "max_members",
        "admission_questions",
        "unlisted",
        "confidentiality_agreement",
    )

    name = forms.CharField(label=_("Name"), max_length=120)
    short_description = forms.CharField(
        label=_("Short description"), max_length=200, help_text=_("One sentence for the directory.")
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5}), help_text=_("Markdown.")
    )
    membership = forms.ChoiceField(label=_("Membership"), choices=Membership.choices, initial=Membership.OPEN)
    max_members = forms.IntegerField(
        label=_("Maximum number of members"), required=False, min_value=1, help_text=_("Leave empty for no limit.")
    )
    admission_questions = forms.CharField(
        label=_("Questions for people asking to join"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Closed communities only. One question per line."),
    )
    unlisted = forms.BooleanField(
        label=_("Unlisted: hidden from the directory, reachable only through an invitation link"),
        required=False,
        help_text=_("Closed communities only."),
    )
    confidentiality_agreement = forms.CharField(
        label=_("Confidentiality agreement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("People asking to join a closed community must accept this."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"] = division_field()
        self.order_fields(list(self.SETTINGS_FIELDS))
        self.add_charter_fields()

    def settings_fields(self):
        return [self[name] for name in self.SETTINGS_FIELDS]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Community.objects.filter(name__iexact=name).exists():
            raise ValidationError(_("A community with this name already exists."))
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("unlisted") and cleaned.get("membership") != Membership.CLOSED:
            self.add_error("unlisted", _("Only a closed community can be unlisted."))
        return cleaned

    def service_arguments(self) -> dict:
        """Keyword arguments for services.communities.create_community."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "short_description": data["short_description"].strip(),
            "division": data["division"],
            "charter": self.charter_answers(),
            "description": data["description"].strip(),
            "membership": data["membership"],
            "max_members": data["max_members"],
            "admission_questions": data["admission_questions"].strip(),
            "unlisted": data["unlisted"],
            "confidentiality_agreement": data["confidentiality_agreement"].strip(),
        }


class DivisionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    position = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=32767, initial=0, help_text=_("Lower numbers are listed first.")
    )

    def __init__(self, *args, division: Division | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.division = division

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Division.objects.exclude(pk=self.division.pk) if self.division else Division.objects.all()
        if others.filter(name__iexact=name).exists():
            raise ValidationError(_("A division with this name already exists."))
        if self.division is None:
            slug = slugify(name)[:120]
            if not slug:
                raise ValidationError(_("Use at least one letter or number in the name."))
            if others.filter(slug=slug).exists():
                raise ValidationError(_("This name is too like an existing division's; please choose another."))
        return name

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"], "description": data["description"].strip(), "position": data["position"]}
