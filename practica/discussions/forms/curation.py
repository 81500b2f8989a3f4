"""Forms for champions' and moderators' tools on a topic: pin, close, archive, move, split and merge.

The forms only parse input; permission and the rules themselves live in permissions.py and
services/curation.py, whose refusals the views put back on these forms as errors.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from practica.communities.models import Community
from practica.discussions.models import Post, Topic
from practica.discussions.permissions import postable_communities
from practica.discussions.services.posting import TITLE_MAX

REASON_MAX = 300
SEARCH_RESULTS = 20


class PinForm(forms.Form):
    """Pin in the community; staff may also pin site-wide (the field is only offered to them)."""

    site_wide = forms.BooleanField(
        label=_("Pin site-wide, on every member's home page"),
        required=False,
        help_text=_("Only staff can pin site-wide."),
    )

    def __init__(self, *args, can_pin_site_wide: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_pin_site_wide:
            del self.fields["site_wide"]


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the topic closing?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Members see this reason at the top of the topic. Be kind and specific."),
    )


class MoveForm(forms.Form):
    """The destination: an active community the actor may post in, other than the topic's own."""

    community = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=Community.objects.none(),
        empty_label=_("Choose a community"),
        help_text=_(
            "Only people who can see the new community will see the topic. If it is closed, members of the "
            "current community who are not in it lose access at once."
        ),
    )

    def __init__(self, *args, actor, topic: Topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = destinations_for(actor, topic)


def destinations_for(actor, topic: Topic):
    """Communities the actor can post in (permissions.postable_communities), except the topic's own."""
    return postable_communities(actor, Community.objects.all()).exclude(pk=topic.community_id).order_by("name")


def first_line(text: str, limit: int = 90) -> str:
    for line in (text or "").splitlines():
        line = line.strip().lstrip("#>*-+ ").strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
    return ""


class SplitForm(forms.Form):
    """Which replies leave the topic, and the new topic's title."""

    posts = forms.TypedMultipleChoiceField(
        label=_("Replies to move into the new topic"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the replies to move into the new topic.")},
    )
    title = forms.CharField(
        label=_("Title of the new topic"),
        max_length=TITLE_MAX,
        help_text=_("At least 5 characters. The replies keep their order and are numbered from 1."),
    )

    def __init__(self, *args, replies: list[Post], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posts"].choices = [(post.pk, reply_label(post)) for post in replies]


def reply_label(post: Post) -> str:
    return _("#%(number)s, %(author)s: %(line)s") % {
        "number": post.number,
        "author": post.author.display_name,
        "line": first_line(post.body),
    }


class MergeForm(forms.Form):
    """The other topic: chosen from search results, or by its number (the number in its address)."""

    DIRECTIONS = [
        ("into_other", _("Move this topic's posts to the end of the other topic")),
        ("into_this", _("Move the other topic's posts to the end of this topic")),
    ]

    target = forms.TypedChoiceField(
        label=_("Topics whose title matches your search"),
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    number = forms.IntegerField(
        label=_("Or the topic's number"),
        required=False,
        min_value=1,
        help_text=_("The number in the topic's address, as in /topics/123/."),
    )
    direction = forms.ChoiceField(
        label=_("Which way"),
        choices=DIRECTIONS,
        initial="into_other",
        widget=forms.RadioSelect,
        help_text=_("The topic that is merged away leads to the other one from then on. No post is lost."),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(topic.pk, f"#{topic.pk} {topic.title}") for topic in candidates]

    def clean(self):
        cleaned = super().clean()
        target, number = cleaned.get("target"), cleaned.get("number")
        if target and number and target != number:
            raise ValidationError(_("Choose one topic: either from the search results or by its number."))
        if not (target or number) and not self.errors:
            raise ValidationError(_("Choose the topic to merge with, from the search results or by its number."))
        cleaned["other_pk"] = number or target
        return cleaned


class TopicSearchForm(forms.Form):
    q = forms.CharField(label=_("Search this community's topic titles"), required=False, max_length=TITLE_MAX)
