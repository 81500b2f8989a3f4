"""Writing: starting topics, replying, quoting, editing, deleting, drafts, previews and @mention suggestions.

Every view starts from a visibility query (404 for whoever may not see the place, exactly as if it did not
exist), asks permissions.py before acting (403 with a reason), and calls one service. A refused post keeps
everything typed: the form comes back with the reason next to its field. After a post, Post/Redirect/Get to
its permalink. Everything works as a plain form post; htmx only makes previews and autosave quicker.
"""

import difflib
import hashlib
import re
from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practica.accounts.middleware import PENDING_POST_SESSION_KEY
from practica.communities import queries as community_queries
from practica.communities.models import Community
from practica.core import safeguarding
from practica.core.pagination import paginate
from practica.discussions import permissions, queries
from practica.discussions.forms.writing import DRAFT_DATA_FIELDS, EditForm, PollForm, ReplyForm, TopicForm
from practica.discussions.models import Draft, Post
from practica.discussions.services import engagement, posting
from practica.discussions.services.posting import PostingError

DRAFTS_PER_PAGE = 30
PENDING_POST_MAX_AGE = timedelta(hours=1)
# Form keys that are never kept in a preview or a draft.
# The "Post anyway" button of the confidentiality warning, and what the warning last showed (for htmx).
CONFIDENTIALITY_CONFIRMED = "confidentiality_confirmed"
CONFIDENTIALITY_SIGNATURE = "confidentiality_signature"
NOT_KEPT = {
    "csrfmiddlewaretoken",
    "preview",
    "save_draft",
    "next",
    "draft_topic",
    "draft_community",
    CONFIDENTIALITY_CONFIRMED,
    CONFIDENTIALITY_SIGNATURE,
}
# Longer text is refused by the forms anyway; the check reads no more than this.
CHECK_MAX = 40_000


# Shared pieces.


def _visible_post_or_404(user, pk: int) -> Post:
    post = (
        Post.objects.visible_to(user)
        .select_related("topic__community", "topic__author", "author")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404
    return post


def _silenced_reason(user) -> str | None:
    if getattr(user, "is_authenticated", False) and user.is_silenced():
        return _(
            "A moderator has paused your posting until %(until)s. You can still read; please see your private "
            "messages for why."
        ) % {"until": date_format(timezone.localtime(user.silenced_until), "j F Y, H:i")}
    return None


def _cannot_post_reason(user, community) -> str | None:
    if permissions.can_post_in(user, community):
        return None
    if silenced := _silenced_reason(user):
        return silenced
    if community.is_archived:
        return _("This community is archived: it is read-only.")
    return _("Join this community to start a topic")


def _cannot_reply_reason(user, topic) -> str | None:
    if permissions.can_reply(user, topic):
        return None
    if silenced := _silenced_reason(user):
        return silenced
    if topic.is_closed:
        return _("This topic is closed to new replies.")
    if topic.is_archived or topic.community.is_archived:
        return _("This topic is archived: it is read-only.")
    return _("Join this community to reply.")


def _cannot_edit_reason(user, post) -> str | None:
    if permissions.can_edit_post(user, post):
        return None
    if post.author_id != user.pk:
        return _("You can only edit your own posts.")
    if silenced := _silenced_reason(user):
        return silenced
    if post.topic.is_archived or post.topic.community.is_archived:
        return _("This topic is archived: it is read-only.")
    return _("Join this community again to edit your posts in it.")


def _typed(data) -> dict:
    """What the member typed, as initial values for an unbound form (a preview shows no errors yet)."""
    return {key: value for key, value in data.items() if key not in NOT_KEPT}


def _rescued_text(request) -> dict | None:
    """Title and body kept by the members-only middleware when a post arrived after the session expired."""
    pending = request.session.get(PENDING_POST_SESSION_KEY)
    if not isinstance(pending, dict) or pending.get("path") != request.path:
        return None
    del request.session[PENDING_POST_SESSION_KEY]
    try:
        saved_at = datetime.fromisoformat(pending.get("saved_at", ""))
    except ValueError:
        return None
    # An old rescue on a shared computer is not offered to whoever signs in next (SECURITY.md, channel 35).
    if timezone.now() - saved_at > PENDING_POST_MAX_AGE:
        return None
    text = {"title": pending.get("title", ""), "body": pending.get("body", "")}
    if not (text["title"].strip() or text["body"].strip()):
        return None
    messages.info(request, _("You were signed out while writing. Here is what you had written."))
    return text


def _draft_initial(draft: Draft | None) -> dict:
    if draft is None:
        return {}
    return {
        **{k: v for k, v in (draft.data or {}).items() if k in DRAFT_DATA_FIELDS},
        "title": draft.title,
        "body": draft.body,
    }


def _draft_data(data) -> dict:
    return {key: data.get(key, "") for key in DRAFT_DATA_FIELDS if data.get(key)}


def _apply_error(form, error: PostingError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _mention_attrs(form, query: str) -> None:
    """Point the body's @mention suggestions at the place being written in (only people who may see it)."""
    form.fields["body"].widget.attrs["data-mention-url"] = f"{reverse('discussions:mentions')}?{query}"


def _tell_about_mentions(request, outcome) -> None:
    if outcome.mentioned_without_access:
        names = ", ".join(person.display_name for person in outcome.mentioned_without_access)
        messages.warning(
            request, _("%(names)s cannot see this community, so they were not notified.") % {"names": names}
        )


def _posted(request, outcome, message: str):
    _tell_about_mentions(request, outcome)
    if outcome.created and outcome.held_for_review:  # pre-moderation (services/safety.py)
        messages.info(request, _("Thank you. Your post is waiting for a moderator to review it."))
    elif outcome.created:
        messages.success(request, message)
    return redirect("discussions:post", pk=outcome.post.pk)


def _composer(**values) -> dict:
    """Settings for `_composer.html` (documented there)."""
    return {
        "autosave": False,
        "preview_html": None,
        "draft": None,
        "confidentiality": None,
        "files_not_kept": 0,
        **values,
    }


def _files_sent(request) -> int:
    """How many files came with a form that is shown again: browsers never refill a file input, so the page
    says they must be chosen again (everything typed is kept)."""
    if request.method != "POST":
        return 0
    return len([item for item in request.FILES.getlist("attachments") if item])


# The client-confidentiality check (practica/core/safeguarding.py): advice before posting, not censorship.


def identifying_details(*, title: str = "", body: str = "") -> list[dict]:
    """What the check finds in a title and a body, each with where it is and an escaped, highlighted excerpt."""
    items = []
    for where, text in ((_("in the title"), title), (_("in your message"), body)):
        text = (text or "")[:CHECK_MAX]
        for finding in safeguarding.find_identifying_details(text):
            excerpt = safeguarding.highlighted_excerpt(text, finding, hidden_label=_("found"))
            items.append({"finding": finding, "where": where, "excerpt": mark_safe(excerpt)})  # noqa: S308 - escaped
    return items


def _details_in(data) -> list[dict]:
    return identifying_details(title=data.get("title", ""), body=data.get("body", ""))


def _signature(items: list[dict]) -> str:
    """A short fingerprint of what the warning shows, so htmx does not re-announce the same findings."""
    if not items:
        return ""
    found = "\n".join(f"{item['finding'].kind}:{item['finding'].start}:{item['finding'].text}" for item in items)
    return hashlib.sha256(found.encode()).hexdigest()[:16]


def _warning(items: list[dict], *, alert: bool = False) -> dict | None:
    """The composer's `confidentiality` setting: the findings, their fingerprint, and whether to alert."""
    if not items:
        return None
    return {"items": items, "signature": _signature(items), "alert": alert}


def _confirmed(request) -> bool:
    return request.POST.get(CONFIDENTIALITY_CONFIRMED) == "1"


def _kinds_to_record(request, items: list[dict]) -> list[str]:
    """The kinds recorded on the post: only when the author was warned and chose "Post anyway"."""
    if not _confirmed(request):
        return []
    return safeguarding.kinds_found([item["finding"] for item in items])


def _preview_html(data) -> str:
    return posting.render_body(data.get("body", "")).html


# Starting a topic, in a community or as a continuation of a post.


def _topic_form_page(request, *, community, linked_from: Post | None = None, communities=None):
    """The new-topic form for both entries: GET restores a draft or rescued text, POST previews or posts."""
    user = request.user
    template = "discussions/topic_form.html"
    context = {"community": community, "linked_from": linked_from}
    if request.method == "GET":
        reason = _cannot_post_reason(user, community)
        if reason:
            raise PermissionDenied(reason)
        draft = Draft.objects.filter(user=user, community=community, topic__isnull=True).first()
        if draft is not None and linked_from is not None and (draft.data or {}).get("linked_from") != linked_from.pk:
            draft = None
        initial = _draft_initial(draft)
        rescued = _rescued_text(request)
        if rescued:
            initial.update(rescued)
            draft = engagement.save_draft(user=user, community=community, **rescued, data=_draft_data(initial))
        if communities is not None:
            initial["community"] = community.pk
        form = TopicForm(initial=initial, communities=communities)
        return _render_topic_form(request, template, form, context, community, draft=draft)

    details = _details_in(request.POST)
    if "preview" in request.POST:
        form = TopicForm(initial=_typed(request.POST), communities=communities)
        return _render_topic_form(
            request,
            template,
            form,
            context,
            community,
            preview=_preview_html(request.POST),
            confidentiality=_warning(details),
        )

    form = TopicForm(request.POST, request.FILES, communities=communities)
    status = 200
    warning = None if _confirmed(request) else _warning(details)
    if form.is_valid():
        chosen = form.cleaned_data.get("community") or community
        if warning and permissions.can_post_in(user, chosen):
            # Found something that could identify a client: show it, keep everything typed, let them choose.
            warning["alert"] = True
            return _render_topic_form(request, template, form, context, community, confidentiality=warning)
        try:
            with transaction.atomic():
                # The topic and its poll are one piece of work: a bad poll leaves no topic behind.
                outcome = posting.start_topic(
                    author=user,
                    community=chosen,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    kind=form.cleaned_data["kind"],
                    tags=form.tag_list(),
                    research=form.research_details(),
                    linked_from=linked_from,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    confidentiality_findings=_kinds_to_record(request, details),
                    attachments=form.cleaned_data.get("attachments") or [],
                )
                if outcome.created and form.has_poll():
                    engagement.add_poll(author=user, topic=outcome.post.topic, spec=form.poll_spec())
        except PostingError as error:
            _apply_error(form, error)
        except PermissionDenied as error:
            # Left the community while writing: say why, and keep the text on the page.
            form.add_error(None, str(error))
            status = 403
        else:
            return _posted(request, outcome, _("Your topic is posted."))
    elif not permissions.can_post_in(user, community) and communities is None:
        form.add_error(None, _cannot_post_reason(user, community))
        status = 403
    return _render_topic_form(request, template, form, context, community, status=status, confidentiality=warning)


def _render_topic_form(
    request, template, form, context, community, *, draft=None, preview=None, status=200, confidentiality=None
):
    _mention_attrs(form, f"community={community.pk}")
    linked_from = context.get("linked_from")
    composer = _composer(
        id="topic",
        autosave=True,
        draft=draft,
        preview_html=preview,
        draft_community=None if "community" in form.fields else community.pk,
        next=request.path,
        show_title=True,
        submit_label=_("Post the topic"),
        confidentiality=confidentiality,
        files_not_kept=_files_sent(request),
    )
    if linked_from is not None:
        composer["linked_from"] = linked_from.pk
    return render(request, template, {**context, "form": form, "composer": composer}, status=status)


@require_http_methods(["GET", "POST"])
def topic_create(request, pk: int):
    community = community_queries.get_readable_community_for(request.user, pk)
    return _topic_form_page(request, community=community)


@require_http_methods(["GET", "POST"])
def linked_topic_create(request, pk: int):
    """Reply to a post as a new topic, in any community the member can post in; the new topic links back."""
    post = _visible_post_or_404(request.user, pk)
    communities = permissions.postable_communities(request.user, Community.objects.all()).order_by("name")
    community = communities.filter(pk=post.topic.community_id).first() or communities.first()
    if community is None:
        raise PermissionDenied(_("Join a community to start a topic."))
    if request.method == "POST":
        chosen = request.POST.get("community", "")
        community = communities.filter(pk=chosen).first() if chosen.isdigit() else None
        community = community or communities.filter(pk=post.topic.community_id).first() or communities.first()
    return _topic_form_page(request, community=community, linked_from=post, communities=communities)


# Replying.


def quote_markdown(post: Post) -> str:
    """A Markdown blockquote of a post with an attribution line: > **Maya Okafor** wrote in [#3](/posts/123/):"""
    name = re.sub(r"([\\`*_\[\]<>#])", r"\\\1", post.author.display_name)
    url = reverse("discussions:post", kwargs={"pk": post.pk})
    lines = [f"> **{name}** wrote in [#{post.number}]({url}):", ">"]
    lines += [f"> {line}".rstrip() for line in post.body.splitlines()]
    return "\n".join(lines) + "\n\n"


def _post_in_topic(topic, value) -> Post | None:
    """A live post of this topic (quotes and "in reply to" never reach into another topic: channel 13)."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return Post.objects.filter(topic=topic, pk=pk, deleted_at__isnull=True).select_related("author").first()


def reply_composer_context(
    topic, form, *, draft=None, preview=None, confidentiality=None, files_not_kept: int = 0
) -> dict:
    """The `composer` settings of a reply form (the standalone page and the partial on the topic page)."""
    _mention_attrs(form, f"topic={topic.pk}")
    reply_to = _post_in_topic(topic, form["reply_to"].value())
    return _composer(
        id=f"reply-{topic.pk}",
        autosave=True,
        draft=draft,
        preview_html=preview,
        draft_topic=topic.pk,
        next=reverse("discussions:reply", kwargs={"pk": topic.pk}),
        show_title=False,
        submit_label=_("Post the reply"),
        reply_to=reply_to,
        confidentiality=confidentiality,
        files_not_kept=files_not_kept,
    )


@require_http_methods(["GET", "POST"])
def reply_create(request, pk: int):
    user = request.user
    topic = queries.get_topic_for(user, pk)
    reason = _cannot_reply_reason(user, topic)
    draft, preview, status, warning = None, None, 200, None
    if request.method == "GET":
        if reason:
            raise PermissionDenied(reason)
        draft = Draft.objects.filter(user=user, topic=topic).first()
        initial = _draft_initial(draft)
        reply_to = _post_in_topic(topic, request.GET.get("to"))
        quoted = _post_in_topic(topic, request.GET.get("quote"))
        if quoted is not None and permissions.post_text_may_travel(quoted):
            initial["body"] = (initial.get("body") or "").rstrip() + ("\n\n" if initial.get("body") else "")
            initial["body"] += quote_markdown(quoted)
            reply_to = reply_to or quoted
        if reply_to is not None:
            initial["reply_to"] = reply_to.pk
        rescued = _rescued_text(request)
        if rescued:
            initial["body"] = rescued["body"]
            draft = engagement.save_draft(user=user, community=topic.community, topic=topic, body=rescued["body"])
        form = ReplyForm(initial=initial)
    elif "preview" in request.POST:
        form = ReplyForm(initial=_typed(request.POST))
        preview = _preview_html(request.POST)
        warning = _warning(_details_in(request.POST))
    else:
        form = ReplyForm(request.POST, request.FILES)
        details = _details_in(request.POST)
        warning = None if _confirmed(request) else _warning(details)
        if form.is_valid() and warning and not reason:
            # Found something that could identify a client: show it, keep everything typed, let them choose.
            warning["alert"] = True
        elif form.is_valid():
            reply_to = None
            if form.cleaned_data.get("reply_to"):
                reply_to = Post.objects.filter(pk=form.cleaned_data["reply_to"]).first()
            try:
                outcome = posting.reply(
                    author=user,
                    topic=topic,
                    body=form.cleaned_data["body"],
                    reply_to=reply_to,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    confidentiality_findings=_kinds_to_record(request, details),
                    attachments=form.cleaned_data.get("attachments") or [],
                )
            except PostingError as error:
                _apply_error(form, error if error.field else PostingError(str(error), "body"))
            except PermissionDenied as error:
                form.add_error("body", str(error))
                status = 403
            else:
                return _posted(request, outcome, _("Your reply is posted."))
        elif reason:
            form.add_error("body", reason)
            status = 403
    composer = reply_composer_context(
        topic, form, draft=draft, preview=preview, confidentiality=warning, files_not_kept=_files_sent(request)
    )
    context = {"topic": topic, "form": form, "composer": composer, "reason": reason}
    return render(request, "discussions/reply_page.html", context, status=status)


# Polls added later.


@require_http_methods(["GET", "POST"])
def poll_add(request, pk: int):
    user = request.user
    topic = queries.get_topic_for(user, pk)
    allowed = topic.author_id == user.pk and permissions.can_post_in(user, topic.community)
    permissions.check(allowed, _("Only the topic's author can add a poll."))
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            engagement.add_poll(author=user, topic=topic, spec=form.poll_spec())
        except PostingError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The poll is added."))
            return redirect("discussions:topic", pk=topic.pk)
    return render(request, "discussions/poll_form.html", {"topic": topic, "form": form})


# Editing, history, deleting.


@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    user = request.user
    post = _visible_post_or_404(user, pk)
    reason = _cannot_edit_reason(user, post)
    with_title = post.number == 1
    preview, status, warning = None, 200, None
    if request.method == "GET":
        if reason:
            raise PermissionDenied(reason)
        initial = {"body": post.body, "title": post.topic.title}
        initial.update(_rescued_text(request) or {})
        form = EditForm(initial=initial, with_title=with_title, post=post)
    elif "preview" in request.POST:
        form = EditForm(initial=_typed(request.POST), with_title=with_title, post=post)
        preview = _preview_html(request.POST)
        warning = _warning(_details_in(request.POST))
    else:
        form = EditForm(request.POST, request.FILES, with_title=with_title, post=post)
        details = _details_in(request.POST if with_title else {"body": request.POST.get("body", "")})
        warning = None if _confirmed(request) else _warning(details)
        if reason:
            form.add_error(None, reason)
            status = 403
            warning = None
        elif form.is_valid() and warning:
            # Found something that could identify a client: show it, keep everything typed, let them choose.
            warning["alert"] = True
        elif form.is_valid():
            try:
                outcome = posting.edit_post(
                    editor=user,
                    post=post,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data.get("title"),
                    confidentiality_findings=_kinds_to_record(request, details),
                    attachments=form.cleaned_data.get("attachments") or [],
                    remove_attachments=[item.pk for item in form.cleaned_data.get("remove_attachments") or []],
                )
            except PostingError as error:
                _apply_error(form, error)
            else:
                _tell_about_mentions(request, outcome)
                messages.success(request, _("Your changes are saved."))
                return redirect("discussions:post", pk=post.pk)
    _mention_attrs(form, f"topic={post.topic_id}")
    composer = _composer(
        id=f"edit-{post.pk}",
        preview_html=preview,
        show_title=with_title,
        submit_label=_("Save changes"),
        confidentiality=warning,
        files_not_kept=_files_sent(request),
    )
    return render(
        request,
        "discussions/post_edit.html",
        {"post": post, "topic": post.topic, "form": form, "composer": composer},
        status=status,
    )


_TOKENS = re.compile(r"\s+|[^\s]+")


def diff_html(before: str, after: str) -> str:
    """A word-level comparison of two Markdown texts: escaped text with <del> and <ins> marks."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    # Screen readers do not announce <ins>/<del>: say it in words, off screen.
    removed = f'<span class="visually-hidden">[{escape(_("removed:"))}] </span>'
    added = f'<span class="visually-hidden">[{escape(_("added:"))}] </span>'
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old[i1:i2])))
            continue
        if op in {"delete", "replace"}:
            parts.append(f"<del>{removed}{escape(''.join(old[i1:i2]))}</del>")
        if op in {"insert", "replace"}:
            parts.append(f"<ins>{added}{escape(''.join(new[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


@require_GET
def post_history(request, pk: int):
    """Each version of a post, newest first, with who changed it, when, and what changed."""
    post = _visible_post_or_404(request.user, pk)
    if not permissions.can_view_history(request.user, post):
        # Others see only that a post was edited; its history does not exist for them (SECURITY.md, channel 18).
        raise Http404
    revisions = list(post.revisions.select_related("edited_by").order_by("number"))
    # Revision k holds the text *before* edit k, made by `edited_by` at `created_at`.
    texts = [revision.body for revision in revisions] + [post.body]
    authors = [(post.author, post.created_at)] + [(r.edited_by, r.created_at) for r in revisions]
    versions = []
    for index, text in enumerate(texts):
        who, when = authors[index]
        versions.append(
            {
                "number": index + 1,
                "editor": who,
                "at": when,
                "text": text,
                "diff": diff_html(texts[index - 1], text) if index else None,
            }
        )
    versions.reverse()
    return render(request, "discussions/post_history.html", {"post": post, "topic": post.topic, "versions": versions})


@require_http_methods(["GET", "POST"])
def post_delete(request, pk: int):
    user = request.user
    post = _visible_post_or_404(user, pk)
    permissions.check(permissions.can_delete_post(user, post), _("You can only delete your own posts."))
    if request.method == "POST":
        try:
            posting.delete_post(actor=user, post=post)
        except PostingError as error:
            messages.error(request, str(error))
            return redirect("discussions:post", pk=post.pk)
        messages.success(request, _("The post is deleted."))
        return redirect("discussions:topic", pk=post.topic_id)
    return render(request, "discussions/post_delete.html", {"post": post, "topic": post.topic})


# Previews and mention suggestions (htmx fragments).


@require_POST
def preview(request):
    """The rendered HTML of what is being written, exactly as it will be stored (htmx's Preview button)."""
    return render(request, "discussions/_preview.html", {"preview_html": _preview_html(request.POST)})


_NOT_AN_ID = re.compile(r"[^A-Za-z0-9_-]")


@require_POST
def confidentiality_check(request):
    """The confidentiality warning for what is being written, as the member types (htmx; the submit checks again).

    Returns the findings panel for the composer's warning area, or nothing, and a short message for its polite
    live region; 204 (htmx keeps the page as it is) when the findings are the ones already shown.
    """
    items = _details_in(request.POST)
    signature = _signature(items)
    shown = request.POST.get(CONFIDENTIALITY_SIGNATURE, "")
    if request.htmx and signature == shown:
        return HttpResponse(status=204)
    if items:
        message = ngettext(
            "%(count)s detail that could identify a client was found: the warning is above your message.",
            "%(count)s details that could identify a client were found: the warning is above your message.",
            len(items),
        ) % {"count": len(items)}
    elif shown:
        message = _("Nothing that could identify a client is found now.")
    else:
        message = ""
    prefix = _NOT_AN_ID.sub("", request.POST.get("confidentiality_for", ""))[:60] or "composer"
    context = {
        "confidentiality": _warning(items) or {"signature": "", "cleared": bool(shown)},
        "prefix": prefix,
        "body_id": _NOT_AN_ID.sub("", request.POST.get("confidentiality_body", ""))[:60] or "id_body",
        "status_message": message,
        "live": True,
    }
    return render(request, "discussions/_confidentiality.html", context)


@require_GET
def mention_suggestions(request):
    """Members who may see the place being written in, for @mention autocomplete (SECURITY.md, channel 4)."""
    user = request.user
    if request.GET.get("topic", "").isdigit():
        place = queries.get_topic_for(user, int(request.GET["topic"]))
    elif request.GET.get("community", "").isdigit():
        place = community_queries.get_readable_community_for(user, int(request.GET["community"]))
    else:
        return HttpResponseBadRequest()
    people = queries.mentionable_members(user, place, request.GET.get("q", "")[:40])
    listbox = request.GET.get("listbox", "mention-suggestions")[:60]
    return render(
        request,
        "discussions/_mention_suggestions.html",
        {"people": people, "listbox_id": re.sub(r"[^A-Za-z0-9_-]", "", listbox)},
    )


# Drafts.


@require_GET
def draft_list(request):
    page = paginate(queries.list_drafts(request.user), request.GET.get("page"), per_page=DRAFTS_PER_PAGE)
    return render(request, "discussions/draft_list.html", {"page_obj": page})


def _safe_next(request) -> str | None:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/"):
        return target
    return None


@require_POST
def draft_save(request):
    """Keep what is being typed: htmx calls this as the member types and on blur; "Save draft" without JS."""
    user = request.user
    topic_pk, community_pk = request.POST.get("draft_topic", ""), request.POST.get("community", "")
    community_pk = community_pk or request.POST.get("draft_community", "")
    topic = None
    if topic_pk.isdigit():
        topic = queries.get_topic_for(user, int(topic_pk))
        community = topic.community
    elif community_pk.isdigit():
        community = community_queries.get_readable_community_for(user, int(community_pk))
    else:
        return HttpResponseBadRequest()
    title, body = request.POST.get("title", ""), request.POST.get("body", "")
    key = request.POST.get("idempotency_key", "")
    saved_at = None
    # One transaction for the check and the write: the autosave that fires as the member presses "Post"
    # (focus leaves the box) then runs wholly before the post, whose service discards the draft, or wholly
    # after it, when it sees the post; it can never bring the draft back.
    with transaction.atomic():
        if key and Post.objects.filter(author=user, idempotency_key=key).exists():
            pass
        elif title.strip() or body.strip():
            data = _draft_data(request.POST)
            if request.POST.get("linked_from", "").isdigit():
                data["linked_from"] = int(request.POST["linked_from"])
            saved_at = engagement.save_draft(
                user=user, community=community, topic=topic, title=title, body=body, data=data
            ).updated_at
        else:
            # Everything was cleared: there is nothing to come back to.
            Draft.objects.filter(user=user, community=community, topic=topic).delete()
    if request.htmx:
        return render(request, "discussions/_composer.html#draft-status", {"saved_at": saved_at})
    if saved_at is not None:
        messages.success(request, _("Your draft is saved."))
    return redirect(_safe_next(request) or reverse("discussions:drafts"))


@require_POST
def draft_discard(request, pk: int):
    draft = get_object_or_404(Draft, pk=pk, user=request.user)
    engagement.discard_draft(user=request.user, draft=draft)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, _("The draft is discarded."))
    return redirect("discussions:drafts")
