"""Champions' and moderators' tools on a topic: pin, close, archive (one page), move, split and merge.

Whoever cannot see the topic gets 404 (queries.get_topic_for); whoever can see it but not moderate it gets
403 with a reason. Every change goes through services/curation.py, which records a TopicEvent and an audit
entry; its refusals (PostingError, PermissionDenied) come back as errors on the form, with the input kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practica.discussions import queries
from practica.discussions.forms.curation import (
    SEARCH_RESULTS,
    CloseForm,
    MergeForm,
    MoveForm,
    PinForm,
    SplitForm,
    TopicSearchForm,
)
from practica.discussions.models import Post, Topic, TopicEvent
from practica.discussions.permissions import can_moderate_topic, can_pin_site_wide, check
from practica.discussions.services import curation
from practica.discussions.services.posting import PostingError

MODERATE_ACTIONS = {"pin", "unpin", "close", "reopen", "archive", "unarchive"}
HISTORY_LIMIT = 50


def _moderated_topic(request, pk: int) -> Topic:
    """The topic, if the user may see it (else 404), and may moderate it (else 403 with a reason)."""
    topic = queries.get_topic_for(request.user, pk)
    check(
        can_moderate_topic(request.user, topic),
        _("Only the community's champions and the site's moderators can do this."),
    )
    return topic


def _merged_elsewhere(topic: Topic, pk: int) -> bool:
    """get_topic_for leads a merged topic to the one it was merged into; the tools then act on that one."""
    return topic.pk != pk


def _refusal(form, error: Exception, field: str | None = None) -> None:
    """Put a service's refusal on the form: on its field when the form has it, otherwise on top."""
    message = str(error.args[0]) if error.args else _("You do not have permission to do this.")
    field = field if field in form.fields else None
    form.add_error(field, message)


@require_http_methods(["GET", "POST"])
def topic_moderate(request, pk: int):
    topic = _moderated_topic(request, pk)
    if _merged_elsewhere(topic, pk):
        return redirect("discussions:moderate", pk=topic.pk)
    site_wide_allowed = can_pin_site_wide(request.user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    pin_form = PinForm(request.POST if action == "pin" else None, can_pin_site_wide=site_wide_allowed)
    close_form = CloseForm(request.POST if action == "close" else None)
    if request.method == "POST":
        if action not in MODERATE_ACTIONS:
            messages.error(request, _("Choose one of the actions on this page."))
            return redirect("discussions:moderate", pk=topic.pk)
        done = _moderate(request, topic, action, pin_form=pin_form, close_form=close_form)
        if done:
            messages.success(request, done)
            return redirect("discussions:topic", pk=topic.pk)
    events = TopicEvent.objects.filter(topic=topic).select_related("actor").order_by("-created_at", "-pk")
    return render(
        request,
        "discussions/topic_moderate.html",
        {
            "topic": topic,
            "pin_form": pin_form,
            "close_form": close_form,
            "events": events[:HISTORY_LIMIT],
            "can_pin_site_wide": site_wide_allowed,
        },
    )


def _moderate(request, topic: Topic, action: str, *, pin_form: PinForm, close_form: CloseForm) -> str:
    """Run one action; return the success message, or "" after putting the refusal on its form."""
    actor = request.user
    form = close_form if action == "close" else pin_form
    try:
        if action == "pin":
            if not pin_form.is_valid():
                return ""
            site_wide = pin_form.cleaned_data.get("site_wide", False)
            curation.set_pinned(actor=actor, topic=topic, pinned=True, site_wide=site_wide)
            return _("The topic is pinned site-wide.") if site_wide else _("The topic is pinned in the community.")
        if action == "unpin":
            curation.set_pinned(actor=actor, topic=topic, pinned=False)
            return _("The topic is no longer pinned.")
        if action == "close":
            if not close_form.is_valid():
                return ""
            curation.set_closed(actor=actor, topic=topic, closed=True, reason=close_form.cleaned_data["reason"])
            return _("The topic is closed to new replies. Members see your reason.")
        if action == "reopen":
            curation.set_closed(actor=actor, topic=topic, closed=False)
            return _("The topic is open for replies again.")
        if action == "archive":
            curation.set_archived(actor=actor, topic=topic, archived=True)
            return _("The topic is archived: it stays readable, and no one can reply.")
        curation.set_archived(actor=actor, topic=topic, archived=False)
        return _("The topic is no longer archived.")
    except (PostingError, PermissionDenied) as error:
        if action in {"pin", "close"}:
            _refusal(form, error, getattr(error, "field", None))
        else:
            # These actions have no fields of their own: the refusal is a message at the top of the page.
            messages.error(request, str(error))
    return ""


@require_http_methods(["GET", "POST"])
def topic_move(request, pk: int):
    topic = _moderated_topic(request, pk)
    if _merged_elsewhere(topic, pk):
        return redirect("discussions:move", pk=topic.pk)
    form = MoveForm(request.POST or None, actor=request.user, topic=topic)
    if request.method == "POST" and form.is_valid():
        destination = form.cleaned_data["community"]
        try:
            curation.move_topic(actor=request.user, topic=topic, to_community=destination)
        except PostingError as error:
            _refusal(form, error, error.field)
        except PermissionDenied as error:
            _refusal(form, error, "community")
        else:
            messages.success(request, _("The topic is now in %(community)s.") % {"community": destination.name})
            return redirect("discussions:topic", pk=topic.pk)
    return render(request, "discussions/topic_move.html", {"topic": topic, "form": form})


@require_http_methods(["GET", "POST"])
def topic_split(request, pk: int):
    topic = _moderated_topic(request, pk)
    if _merged_elsewhere(topic, pk):
        return redirect("discussions:split", pk=topic.pk)
    # Every live reply, in order: the opening post stays with its topic.
    replies = list(
        Post.objects.filter(topic=topic, deleted_at__isnull=True, number__gt=1)
        .select_related("author")
        .order_by("number")
    )
    form = SplitForm(request.POST or None, replies=replies)
    if request.method == "POST" and form.is_valid():
        try:
            new_topic = curation.split_topic(
                actor=request.user, topic=topic, post_ids=form.cleaned_data["posts"], title=form.cleaned_data["title"]
            )
        except PostingError as error:
            _refusal(form, error, error.field)
        except PermissionDenied as error:
            _refusal(form, error)
        else:
            messages.success(
                request,
                _("%(count)s replies are now the topic “%(title)s”.")
                % {"count": len(form.cleaned_data["posts"]), "title": new_topic.title},
            )
            return redirect("discussions:topic", pk=new_topic.pk)
    return render(request, "discussions/topic_split.html", {"topic": topic, "form": form, "replies": replies})


def _merge_candidates(user, topic: Topic, query: str, chosen: str = ""):
    """Topics of the same community the user can see, whose title matches, plus the one already chosen."""
    same_community = Topic.objects.visible_to(user).filter(community=topic.community_id).exclude(pk=topic.pk)
    found = list(same_community.filter(title__icontains=query).order_by("-last_posted_at", "-pk")[:SEARCH_RESULTS])
    if query.strip() == "":
        found = []
    if chosen.isdigit() and all(candidate.pk != int(chosen) for candidate in found):
        found += list(same_community.filter(pk=int(chosen)))
    return found


@require_http_methods(["GET", "POST"])
def topic_merge(request, pk: int):
    topic = _moderated_topic(request, pk)
    if _merged_elsewhere(topic, pk):
        return redirect("discussions:merge", pk=topic.pk)
    search = TopicSearchForm(request.POST if request.method == "POST" else request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    chosen = request.POST.get("target", "") if request.method == "POST" else ""
    candidates = _merge_candidates(request.user, topic, query, chosen)
    form = MergeForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        other = (
            Topic.objects.visible_to(request.user)
            .filter(community=topic.community_id, pk=form.cleaned_data["other_pk"])
            .exclude(pk=topic.pk)
            .first()
        )
        if other is None:
            form.add_error(
                "number",
                _("There is no other topic number %(number)s in %(community)s.")
                % {"number": form.cleaned_data["other_pk"], "community": topic.community.name},
            )
        else:
            source, into = (topic, other) if form.cleaned_data["direction"] == "into_other" else (other, topic)
            try:
                curation.merge_topics(actor=request.user, source=source, into=into)
            except PostingError as error:
                _refusal(form, error, "number")
            except PermissionDenied as error:
                _refusal(form, error)
            else:
                messages.success(
                    request,
                    _("“%(source)s” is merged into “%(into)s”; its posts follow on at the end.")
                    % {"source": source.title, "into": into.title},
                )
                return redirect("discussions:topic", pk=into.pk)
    return render(
        request,
        "discussions/topic_merge.html",
        {"topic": topic, "form": form, "search": search, "query": query, "candidates": candidates},
    )
