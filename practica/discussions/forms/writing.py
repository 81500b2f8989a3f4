"""Forms for writing: starting topics (with research details and a poll), replying, editing, adding a poll.

The forms parse and type-check; the rules (title length, closed topics, duplicate poll options ...) live in
the services, whose PostingError names the field it is about, so views can show it next to that field.
"""

import uuid

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practica.core.uploads import UploadRejected, allowed_types_text, check_upload, upload_max_bytes
from practica.discussions.choices import PollResults, TopicKind
from practica.discussions.services.attachments import attachments_max, too_many_message
from practica.discussions.services.engagement import PollSpec
from practica.discussions.services.posting import BODY_MAX, TITLE_MAX, ResearchDetails

RESEARCH_FIELDS = ("study_title", "ethics_reference", "eligibility", "involvement", "closes_on", "contact")
POLL_FIELDS = (
    "poll_question",
    "poll_options",
    "poll_multiple_choice",
    "poll_closes_at",
    "poll_results",
    "poll_public_voters",
)
# What a draft keeps besides its title and body, so coming back restores the whole form.
DRAFT_DATA_FIELDS = ("kind", "tags", "reply_to", *RESEARCH_FIELDS, *POLL_FIELDS)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Files attached to a post, several in one input. The cleaned value is a list of
    practica.core.uploads.CheckedUpload (empty when none were chosen); each refusal names its file and says why.
    More than POST_ATTACHMENTS_MAX at once is refused here; the services check what a post carries in all."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attach files"))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            return []
        if len(files) > attachments_max():
            raise forms.ValidationError(too_many_message(attachments_max()), code="too_many")
        checked, errors = [], []
        for uploaded in files:
            # Not FileField's own checks: check_upload says the same things (an empty file ...) in our words.
            try:
                checked.append(check_upload(uploaded))
            except UploadRejected as error:
                # The member's own file name, shown back to them only (escaped by the template).
                errors.append(
                    forms.ValidationError(
                        gettext("“%(name)s”: %(reason)s"),
                        code="upload_rejected",
                        params={"name": (uploaded.name or "")[:100], "reason": str(error)},
                    )
                )
        if errors:
            raise forms.ValidationError(errors)
        return checked


def attachments_help() -> str:
    return gettext(
        "Up to %(count)s files, each up to %(limit)s: %(types)s. Pictures are saved again without their location "
        "and camera details. Files are not kept in drafts or previews: choose them just before posting."
    ) % {"count": attachments_max(), "limit": filesizeformat(upload_max_bytes()), "types": allowed_types_text()}


def _set_up_attachments(form) -> None:
    """Help text from the settings of the moment; no file input at all when the site takes no attachments."""
    if attachments_max() <= 0:
        del form.fields["attachments"]
        return
    form.fields["attachments"].help_text = attachments_help()


class ComposerForm(forms.Form):
    """The body every composer has, and the form's one-time key (a double click or a retry posts once).
    Also the composer of private messages (practica.messaging), which take no files."""

    body = forms.CharField(
        label=_("Your message"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "composer-body", "data-composer-body": ""}),
        help_text=_("You can use Markdown: **bold**, *italic*, > quote, - list, and @name to mention a member."),
        error_messages={"required": _("Please write something before posting.")},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = new_idempotency_key()

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body.strip()) > BODY_MAX:
            raise forms.ValidationError(
                _("This is %(length)s characters long; the limit is %(limit)s."),
                params={"length": len(body.strip()), "limit": BODY_MAX},
            )
        return body


class PostFilesForm(forms.Form):
    """The files a new topic or a reply carries (the page's form must be multipart)."""

    attachments = AttachmentsField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _set_up_attachments(self)


class PollFieldsForm(forms.Form):
    """A poll's fields, shared by the new-topic form (optional there) and the add-a-poll form."""

    poll_question = forms.CharField(label=_("Poll question"), max_length=200, required=False)
    poll_options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option per line, at least two."),
    )
    poll_multiple_choice = forms.BooleanField(label=_("People may choose more than one option"), required=False)
    poll_closes_at = forms.DateTimeField(
        label=_("Poll closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to keep the poll open."),
    )
    poll_results = forms.ChoiceField(
        label=_("Show results"), choices=PollResults.choices, initial=PollResults.AFTER_VOTE, required=False
    )
    poll_public_voters = forms.BooleanField(label=_("Show who voted for what"), required=False)

    def has_poll(self) -> bool:
        data = self.cleaned_data
        return bool((data.get("poll_question") or "").strip() or (data.get("poll_options") or "").strip())

    def poll_spec(self) -> PollSpec:
        data = self.cleaned_data
        return PollSpec(
            question=data.get("poll_question") or "",
            options=(data.get("poll_options") or "").splitlines(),
            multiple_choice=bool(data.get("poll_multiple_choice")),
            closes_at=data.get("poll_closes_at"),
            results=data.get("poll_results") or PollResults.AFTER_VOTE,
            public_voters=bool(data.get("poll_public_voters")),
        )


class PollForm(PollFieldsForm):
    """Adding a poll to a topic later (its author only)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poll_question"].required = True
        self.fields["poll_question"].error_messages["required"] = _("Please write the poll's question.")
        self.fields["poll_options"].required = True
        self.fields["poll_options"].error_messages["required"] = _("A poll needs at least two options.")


class TopicForm(ComposerForm, PostFilesForm, PollFieldsForm):
    """A new topic: title, type, body, tags, research details for a research call, and an optional poll.

    With `communities`, the member chooses where it goes (replying to a post as a linked topic).
    """

    community = forms.ModelChoiceField(label=_("Community"), queryset=None, empty_label=None)
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={
            "required": _("Please give the topic a title of at least 5 characters."),
            "max_length": _("The title can be at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Type of topic"),
        choices=TopicKind.choices,
        initial=TopicKind.DISCUSSION,
        widget=forms.RadioSelect(attrs={"data-topic-kind": ""}),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Up to five, separated by commas."),
    )
    study_title = forms.CharField(label=_("Study title"), max_length=200, required=False)
    ethics_reference = forms.CharField(label=_("Ethics approval reference"), max_length=120, required=False)
    eligibility = forms.CharField(
        label=_("Who can take part"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    involvement = forms.CharField(label=_("What is involved"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    closes_on = forms.DateField(
        label=_("Closing date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    contact = forms.CharField(
        label=_("Contact"), max_length=200, required=False, help_text=_("An e-mail address or a web page.")
    )

    field_order = ["community", "title", "kind", "body", "tags"]

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = communities
        for name in RESEARCH_FIELDS:
            # Shown next to the label instead of "(optional)": these are needed only for a research call.
            self.fields[name].required_when = _("needed for a research call")

    def clean(self):
        data = super().clean()
        if data.get("kind") == TopicKind.RESEARCH:
            for name in RESEARCH_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("A research call needs this."))
        return data

    def tag_list(self) -> list[str]:
        return [tag for tag in (self.cleaned_data.get("tags") or "").split(",") if tag.strip()]

    def research_details(self) -> ResearchDetails | None:
        data = self.cleaned_data
        if data.get("kind") != TopicKind.RESEARCH:
            return None
        return ResearchDetails(**{name: data[name] for name in RESEARCH_FIELDS})


class ReplyForm(ComposerForm, PostFilesForm):
    """A reply, optionally to one post ("in reply to #n")."""

    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AttachmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({filesizeformat(obj.size)})"


class EditForm(forms.Form):
    """Editing a post: the body, the title when it is the opening post, and its attached files."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={
            "required": _("Please give the topic a title of at least 5 characters."),
            "max_length": _("The title can be at most %(limit_value)d characters."),
        },
    )
    body = ComposerForm.base_fields["body"]
    remove_attachments = AttachmentChoiceField(
        label=_("Remove attached files"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = AttachmentsField(label=_("Attach more files"))

    def __init__(self, *args, with_title: bool = False, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]
        existing = post.attachments.order_by("pk") if post is not None else None
        if existing is not None and existing.exists():
            self.fields["remove_attachments"].queryset = existing
        else:
            del self.fields["remove_attachments"]
        # The limit counts the files kept after removals, so the service checks it (PostingError on this field).
        _set_up_attachments(self)

    clean_body = ComposerForm.clean_body
