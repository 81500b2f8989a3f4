"""The moderation settings form: numbers with sensible floors, words and link domains one per line."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext as _

from practica.moderation.models import ModerationSettings
from practica.moderation.services.settings import EDITABLE_FIELDS, lines_of

# A host name: labels of letters, digits and hyphens, separated by dots, ending in a letter-only label.
DOMAIN_PATTERN = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Every count must be at least one, or the feature it drives would fire on nothing at all.
AT_LEAST_ONE = (
    "hide_threshold",
    "member_flag_weight",
    "trusted_flag_weight",
    "hidden_removal_days",
    "sealed_copy_retention_days",
    "repeat_infringer_count",
    "pile_on_members",
    "pile_on_minutes",
    "slow_mode_minutes",
    "slow_mode_hours",
)
MAX_WORDS = 500
MAX_WORD_LENGTH = 100


def normalise_domain(line: str) -> str:
    """What people paste (`https://www.Example.com/offers`) becomes the domain itself (`www.example.com`)."""
    value = line.strip().lower()
    value = re.sub(r"^[a-z]+://", "", value)
    return value.split("/", 1)[0].split("?", 1)[0].rstrip(".")


class ModerationSettingsForm(forms.ModelForm):
    class Meta:
        model = ModerationSettings
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "advertising_words": forms.Textarea(attrs={"rows": 6}),
            "advertising_domains": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in AT_LEAST_ONE:
            self.fields[name].widget.attrs["min"] = 1
            self.fields[name].validators.append(MinValueValidator(1, _("Enter a number of at least 1.")))

    def clean_advertising_words(self) -> str:
        words = []
        for word in lines_of(self.cleaned_data["advertising_words"]):
            if len(word) > MAX_WORD_LENGTH:
                raise ValidationError(
                    _("“%(word)s…” is too long: keep each word or phrase under %(limit)s characters.")
                    % {"word": word[:20], "limit": MAX_WORD_LENGTH}
                )
            if word.lower() not in {w.lower() for w in words}:
                words.append(word)
        if len(words) > MAX_WORDS:
            raise ValidationError(_("At most %(limit)s words or phrases.") % {"limit": MAX_WORDS})
        return "\n".join(words)

    def clean_advertising_domains(self) -> str:
        domains, invalid = [], []
        for line in lines_of(self.cleaned_data["advertising_domains"]):
            domain = normalise_domain(line)
            if not DOMAIN_PATTERN.match(domain):
                invalid.append(line)
            elif domain not in domains:
                domains.append(domain)
        if invalid:
            raise ValidationError(
                _("These are not domains: %(lines)s. Write one domain per line, such as example.com.")
                % {"lines": ", ".join(invalid[:10])}
            )
        if len(domains) > MAX_WORDS:
            raise ValidationError(_("At most %(limit)s domains.") % {"limit": MAX_WORDS})
        return "\n".join(domains)
