"""Forms of the search pages. The results form ignores values it does not know (a stale link drops only that
filter) and never refuses a query: what cannot be searched gets a helpful empty state instead."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practica.communities.models import Community, Division
from practica.communities.permissions import readable_communities
from practica.discussions.choices import TopicKind
from practica.library.choices import ResourceType
from practica.search.choices import SortOrder, Tab
from practica.search.models import SearchPolicy
from practica.search.parsing import parse_query
from practica.search.queries import SearchCriteria


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        help_text=_('Put a phrase in "quotes"; a minus sign leaves a word out: supervision -group.'),
    )
    tab = forms.ChoiceField(choices=Tab.choices, required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SortOrder.choices, required=False)
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none(), required=False)
    division = forms.ModelChoiceField(label=_("Division"), queryset=Division.objects.none(), required=False)
    author = forms.CharField(label=_("Author"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type"), required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=40)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    answered = forms.BooleanField(label=_("Answered questions only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = readable_communities(user, Community.objects.all()).order_by("name")
        self.fields["community"].empty_label = _("All communities")
        self.fields["division"].queryset = Division.objects.filter(archived_at__isnull=True)
        self.fields["division"].empty_label = _("All divisions")
        self.fields["type"].choices = [
            ("", _("All types")),
            (_("Topics"), list(TopicKind.choices)),
            (_("Library"), list(ResourceType.choices)),
        ]

    def _value(self, name: str, default=None):
        if not self.is_bound or name in self.errors:
            return default
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    def criteria(self) -> SearchCriteria:
        self.is_valid()  # invalid filters are dropped one by one, never the whole search
        since, until = self._value("since"), self._value("until")
        today = timezone.localdate()
        if since and until and since > until:
            since, until = until, since
        if until and until > today + datetime.timedelta(days=3650):
            until = None
        division = self._value("division")
        return SearchCriteria(
            parsed=parse_query(self.data.get("q", "")),
            tab=self._value("tab", Tab.POSTS),
            sort=self._value("sort", SortOrder.RELEVANCE),
            community=self._value("community"),
            division_id=division.pk if division else None,
            author=self._value("author", ""),
            subtype=self._value("type", ""),
            tag=" ".join(self._value("tag", "").lower().split()),
            since=since,
            until=until,
            answered_only=bool(self._value("answered", False)),
        )


class AnalyticsForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        since, until = today - datetime.timedelta(days=29), today
        if self.is_bound and self.is_valid():
            since = self.cleaned_data.get("since") or since
            until = self.cleaned_data.get("until") or until
        return (until, since) if since > until else (since, until)


class SearchPolicyForm(forms.ModelForm):
    class Meta:
        model = SearchPolicy
        fields = ["confidential"]
