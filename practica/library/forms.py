"""Forms for the library. They parse and type-check; the rules (rights, anonymisation, links) live in the
services, whose LibraryError names the field it is about, so views show it next to that field. Uploaded files
are checked here, through practica.core.uploads, so a refusal is an error on the file field and every other
field keeps what the person typed."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from practica.core.uploads import UploadRejected, allowed_types_text, check_upload, upload_max_bytes
from practica.library.choices import ItemKind, ItemSort, Licence, ResourceType
from practica.library.queries import ADDED_WITHIN, SITE
from practica.library.services.items import ItemDetails

# The browser's date picker where there is one; a plain text box accepting 2026-03-31 everywhere else.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _file_help() -> str:
    return _("Up to %(limit)s: %(types)s. Pictures are saved again without their location and camera details.") % {
        "limit": filesizeformat(upload_max_bytes()),
        "types": allowed_types_text(),
    }


class CheckedFileField(forms.FileField):
    """A file field whose cleaned value is a practica.core.uploads.CheckedUpload, or None."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded:
            return None
        try:
            # Pictures are cleaned here; their thumbnails are made afterwards by a task (services/items.py).
            return check_upload(uploaded, thumbnail=False)
        except UploadRejected as error:
            raise forms.ValidationError(str(error), code="upload_rejected") from None


class ItemDetailsForm(forms.Form):
    """What every item has, on the add and edit forms."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What it is, who it helps, and how you use it in your practice."),
    )
    resource_type = forms.ChoiceField(label=_("Type"), choices=ResourceType.choices)
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=400, help_text=_("Separate tags with commas, e.g. endings, online.")
    )
    author_or_source = forms.CharField(
        label=_("Author or source"),
        required=False,
        max_length=200,
        help_text=_("Who wrote or published it, e.g. a journal, an organisation, or your own name."),
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices)
    contains_case_material = forms.BooleanField(
        label=_("This contains case material (anything about a client's work, even anonymised)"), required=False
    )
    anonymisation_checked = forms.BooleanField(
        label=_("I have checked that no client can be identified from it"),
        required=False,
        help_text=_("Needed for case material: no names, dates of birth, places, or details that point to a person."),
    )
    rights_confirmed = forms.BooleanField(
        label=_("I have the right to share this with members under the licence above"),
        required=False,
    )

    def details(self) -> ItemDetails:
        data = self.cleaned_data
        return ItemDetails(
            title=data["title"],
            description=data.get("description", ""),
            resource_type=data["resource_type"],
            tags=[tag for tag in (data.get("tags") or "").split(",") if tag.strip()],
            author_or_source=data.get("author_or_source", ""),
            url=data.get("url", "") or "",
            licence=data["licence"],
            rights_confirmed=bool(data.get("rights_confirmed")),
            contains_case_material=bool(data.get("contains_case_material")),
            anonymisation_checked=bool(data.get("anonymisation_checked")),
        )


class ItemCreateForm(ItemDetailsForm):
    """Add a file or a link to a library the person may add to."""

    place = forms.ChoiceField(label=_("Library"))
    kind = forms.ChoiceField(label=_("What are you adding?"), choices=ItemKind.choices, widget=forms.RadioSelect)
    file = CheckedFileField(label=_("File"), required=False)
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=_("For a link: the page's full address, starting with https://."),
    )

    field_order = ["place", "kind", "file", "url", "title"]

    def __init__(self, *args, communities=(), site_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(SITE, _("Site library (all members)"))] if site_allowed else []
        choices += [(str(community.pk), community.name) for community in communities]
        self.fields["place"].choices = choices
        self.fields["file"].help_text = _file_help()
        self.fields["file"].required_when = _("for a file")
        self.fields["url"].required_when = _("for a link")
        self.communities = {str(community.pk): community for community in communities}

    def chosen_community(self):
        """The community chosen (None for the site library)."""
        place = self.cleaned_data.get("place")
        return None if place == SITE else self.communities.get(place)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        # The file field keeps its own refusal (type, size, content); only a missing file is added here.
        if kind == ItemKind.FILE and not data.get("file") and "file" not in self.errors:
            self.add_error("file", _("Please choose a file to upload."))
        if kind == ItemKind.LINK and not data.get("url") and "url" not in self.errors:
            self.add_error("url", _("Please give the link's address."))
        return data


class ItemEditForm(ItemDetailsForm):
    url = forms.URLField(label=_("Link"), required=False, max_length=1000, assume_scheme="https")
    field_order = ["url", "title"]

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(
                {
                    "title": item.title,
                    "description": item.description,
                    "resource_type": item.resource_type,
                    "tags": ", ".join(tag.name for tag in item.tags.all()),
                    "author_or_source": item.author_or_source,
                    "licence": item.licence,
                    "url": item.url,
                    "contains_case_material": item.contains_case_material,
                    "anonymisation_checked": item.anonymisation_checked,
                    "rights_confirmed": item.rights_confirmed,
                }
            )
        if item.is_file:
            del self.fields["url"]


class VersionForm(forms.Form):
    file = CheckedFileField(label=_("New version"))
    note = forms.CharField(
        label=_("What changed"), required=False, max_length=300, help_text=_("For example: updated for 2027.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()


class LibraryFilterForm(forms.Form):
    """Filters and order of a library list; unknown values are ignored rather than shown as errors."""

    resource_type = forms.ChoiceField(label=_("Type"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    place = forms.ChoiceField(label=_("Library"), required=False)
    added = forms.ChoiceField(label=_("Added"), required=False)
    added_from = forms.DateField(
        label=_("Added from"),
        required=False,
        widget=DATE_INPUT,
        error_messages={"invalid": _("Enter the date as day, month and year, for example 2026-03-31.")},
    )
    added_to = forms.DateField(
        label=_("Added to"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Both days are included."),
        error_messages={"invalid": _("Enter the date as day, month and year, for example 2026-03-31.")},
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, tags=(), communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource_type"].choices = [("", _("All types")), *ResourceType.choices]
        self.fields["tag"].choices = [("", _("All tags")), *((tag.name, tag.name) for tag in tags)]
        self.fields["added"].choices = [
            ("", _("Any time")),
            ("week", _("In the past week")),
            ("month", _("In the past month")),
            ("year", _("In the past year")),
        ]
        self.fields["sort"].choices = ItemSort.choices
        if communities is None:
            del self.fields["place"]  # a community's own library
        else:
            self.communities = {str(community.pk): community for community in communities}
            self.fields["place"].choices = [
                ("", _("All libraries")),
                (SITE, _("Site library")),
                *((key, community.name) for key, community in self.communities.items()),
            ]

    def clean(self):
        data = super().clean()
        start, end = data.get("added_from"), data.get("added_to")
        if start and end and end < start:
            self.add_error("added_to", _("This date is before the “Added from” date. Choose a later one."))
            # Neither date is used until they agree; the other filters still apply.
            data.pop("added_from", None)
        return data

    def filters(self) -> dict:
        """The filters to apply. A date that cannot be used is shown with its error and left out, so the
        reader's other choices still work and nothing they typed is lost."""
        empty = {
            "resource_type": "",
            "tag": "",
            "added": "",
            "added_from": None,
            "added_to": None,
            "sort": ItemSort.NEWEST,
        }
        if "place" in self.fields:
            empty["community"] = None
        if not self.is_bound:
            return empty
        self.is_valid()  # a stale tag in a bookmarked URL drops only that filter
        data = self.cleaned_data
        filters = {
            "resource_type": data.get("resource_type") or "",
            "tag": data.get("tag") or "",
            "added": data.get("added") if data.get("added") in ADDED_WITHIN else "",
            "added_from": data.get("added_from"),
            "added_to": data.get("added_to"),
            "sort": data.get("sort") or ItemSort.NEWEST,
        }
        if "place" in self.fields:
            place = data.get("place") or ""
            filters["community"] = SITE if place == SITE else self.communities.get(place)
        return filters


class CollectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AddToCollectionForm(forms.Form):
    collection = forms.ModelChoiceField(label=_("Collection"), queryset=None, empty_label=None)

    def __init__(self, *args, collections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = collections
