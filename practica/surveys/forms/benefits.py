"""Forms for the benefits record: logging a benefit, filtering the list, and staff's categories."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from practica.communities.models import Community
from practica.surveys.models import Benefit, BenefitCategory
from practica.surveys.permissions import championed_communities

DATE_WIDGET = {"type": "date"}


class BenefitForm(forms.ModelForm):
    category = forms.ModelChoiceField(label=_("Category"), queryset=BenefitCategory.objects.none(), empty_label=None)
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none())
    evidence_url = forms.CharField(
        label=_("Evidence link"),
        required=False,
        max_length=500,
        help_text=_(
            "A link to a post, topic, meeting or library resource on this site (copy it from your browser's "
            "address bar), or to another site, starting with https://."
        ),
    )

    class Meta:
        model = Benefit
        fields = ["category", "title", "happened_on", "community", "description", "evidence_url"]
        widgets = {
            "happened_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"title": _("For example: Two members recruited to the supervision study.")}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        offered = Q(is_active=True)
        if self.instance.pk:
            offered |= Q(pk=self.instance.category_id)
        self.fields["category"].queryset = BenefitCategory.objects.filter(offered)
        self.fields["community"].queryset = championed_communities(actor, Community.objects.all()).order_by("name")
        if actor.is_lead:
            self.fields["community"].required = False
            self.fields["community"].empty_label = _("The whole site")
        else:
            self.fields["community"].empty_label = None


class BenefitFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=BenefitCategory.objects.all(), required=False, empty_label=_("Any")
    )
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.none(), required=False, empty_label=_("Any")
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET))

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = championed_communities(viewer, Community.objects.all()).order_by("name")

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: self.cleaned_data.get(name) for name in ("category", "community", "start", "end")}


class CategoryForm(forms.ModelForm):
    class Meta:
        model = BenefitCategory
        fields = ["name", "description", "is_active"]
