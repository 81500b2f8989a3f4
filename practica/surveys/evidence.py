"""Evidence links for benefits: a post, topic, meeting or library resource on this site, or another site.

A link to this site must resolve to one of those things *and* be visible to the person logging the benefit:
nobody can use the benefits record to learn that a closed community's topic exists. What is shown later is
re-checked for each viewer (queries.evidence_visibility), because benefits are read by more than their logger.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from practica.surveys.choices import EvidenceKind


class EvidenceError(Exception):
    pass


@dataclass(frozen=True)
class Evidence:
    url: str  # a path for this site's things; the full address for another site
    kind: str
    object_id: int | None
    label: str


def _models():
    from practica.discussions.models import Post, Topic
    from practica.library.models import LibraryItem
    from practica.meetings.models import Occurrence

    return {
        "discussions:topic": (EvidenceKind.TOPIC, Topic),
        "discussions:post": (EvidenceKind.POST, Post),
        "meetings:occurrence": (EvidenceKind.MEETING, Occurrence),
        "library:item": (EvidenceKind.RESOURCE, LibraryItem),
    }


KIND_MODELS = {
    EvidenceKind.TOPIC: "discussions.Topic",
    EvidenceKind.POST: "discussions.Post",
    EvidenceKind.MEETING: "meetings.Occurrence",
    EvidenceKind.RESOURCE: "library.LibraryItem",
}


def label_for(kind: str, obj) -> str:
    if kind == EvidenceKind.POST:
        return _("Post in “%(topic)s”") % {"topic": obj.topic.title}
    return str(obj.title)


def resolve_evidence(url: str, *, user) -> Evidence:
    """Check an evidence link and say what it points at; raise EvidenceError with a reason otherwise."""
    url = (url or "").strip()
    if not url:
        return Evidence(url="", kind=EvidenceKind.NONE, object_id=None, label="")
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    ours = not parts.scheme and not parts.netloc and url.startswith("/") and not url.startswith("//")
    if parts.scheme in {"http", "https"} and parts.netloc.lower() == site.netloc.lower():
        ours = True
    if not ours:
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise EvidenceError(_("Give a full web address starting with https://, or a link to a page on this site."))
        return Evidence(url=url, kind=EvidenceKind.EXTERNAL, object_id=None, label=parts.netloc)
    path = parts.path or "/"
    try:
        match = resolve(path)
    except Resolver404 as error:
        raise EvidenceError(_("That link does not lead to a page on this site.")) from error
    known = _models().get(match.view_name)
    if known is None:
        raise EvidenceError(_("Link to a post, a topic, a meeting or a library resource on this site."))
    kind, model = known
    obj = model.objects.visible_to(user).filter(pk=match.kwargs.get("pk")).first()
    if obj is None:
        # The same words whether it does not exist or the person may not see it.
        raise EvidenceError(_("That link does not lead to anything you can see on this site."))
    return Evidence(url=path, kind=kind, object_id=obj.pk, label=label_for(kind, obj)[:300])
