"""Forms for a member's own profile, the directory filters, the profile preview and erasure requests."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from practica.accounts.choices import FieldVisibility
from practica.accounts.models import ErasureRequest, Profile
from practica.accounts.services.profiles import EDITABLE_PROFILE_FIELDS
from practica.core.uploads import UploadRejected, reencode_image

VISIBILITY_LABELS = {
    "pronouns": _("Who can see your pronouns"),
    "photo": _("Who can see your photo"),
    "headline": _("Who can see your headline"),
    "bio": _("Who can see your “about me”"),
    "divisions": _("Who can see your divisions"),
    "areas_of_practice": _("Who can see your areas of practice"),
    "location": _("Who can see your location"),
}
PHOTO_TYPES = "image/jpeg,image/png,image/gif,image/webp"


class ProfileForm(forms.ModelForm):
    """A member's own profile; each field is followed by who may see it."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=120,
        help_text=_("How other members see you. Everyone signed in can see it."),
    )
    # A plain file input: Django's clearable widget would print the stored file's URL, and photos have none.
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": PHOTO_TYPES}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my current photo"), required=False)

    class Meta:
        model = Profile
        fields = [name for name in EDITABLE_PROFILE_FIELDS]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            **{f"{name}_visibility": forms.Select for name in Profile.VISIBILITY_FIELDS},
        }
        help_texts = {
            "pronouns": _("For example she/her, he/him or they/them."),
            "headline": _("One line about your practice, shown on your card in the directory."),
            "divisions": _("Separate several with commas."),
            "areas_of_practice": _("For example: trauma, couples work, supervision. Separate with commas."),
            "location": _("A town or region is enough; do not give your address."),
            "listed_in_directory": _("Staff can always find you, to help you."),
        }

    field_order = ["display_name"]

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["display_name"].initial = member.display_name
        limit = settings.PROFILE_PHOTO_MAX_BYTES // (1024 * 1024)
        self.fields["photo"].help_text = _(
            "A JPEG, PNG, GIF or WebP picture of up to %(limit)s MB. We remove its location and camera details."
        ) % {"limit": limit}
        for name in Profile.VISIBILITY_FIELDS:
            field = self.fields[f"{name}_visibility"]
            field.label = VISIBILITY_LABELS[name]
            field.choices = FieldVisibility.choices
        if not (self.instance and self.instance.photo):
            del self.fields["remove_photo"]

    def clean_photo(self):
        uploaded = self.cleaned_data.get("photo")
        if not uploaded:
            return None
        try:
            return reencode_image(uploaded, max_bytes=settings.PROFILE_PHOTO_MAX_BYTES, max_side=800)
        except UploadRejected as error:
            raise forms.ValidationError(str(error), code="invalid_image") from None

    def field_groups(self) -> list[tuple]:
        """(field, its visibility field) in display order, for the template."""
        groups = []
        for name in Profile.VISIBILITY_FIELDS:
            extra = [self["remove_photo"]] if name == "photo" and "remove_photo" in self.fields else []
            groups.append((self[name], self[f"{name}_visibility"], extra))
        return groups

    def profile_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_PROFILE_FIELDS}


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=120)
    division = forms.CharField(label=_("Division"), required=False, max_length=120)
    area = forms.CharField(label=_("Area of practice"), required=False, max_length=120)
    location = forms.CharField(label=_("Location"), required=False, max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: self.cleaned_data[name] for name in ("q", "division", "area", "location")}


class PreviewAudienceForm(forms.Form):
    AUDIENCES = [
        ("members", _("Any member")),
        ("communities", _("A member of one of your communities")),
        ("staff", _("Staff")),
    ]
    audience = forms.ChoiceField(
        label=_("Show my profile as seen by"), choices=AUDIENCES, widget=forms.RadioSelect, initial="members"
    )

    def audience_or_default(self) -> str:
        return self.cleaned_data["audience"] if self.is_valid() else "members"


class ErasureRequestForm(forms.ModelForm):
    confirm = forms.BooleanField(
        label=_("I understand that my account, profile and photo will be erased and cannot be restored."),
    )

    class Meta:
        model = ErasureRequest
        fields = ["reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}
