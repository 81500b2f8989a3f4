"""What moderation may do to a post: hide and un-hide it, edit it to anonymise, delete it, purge its text.

practica.moderation decides *when* (flags, the review queue) and records *why*; these functions change the
post, keep the topic's counters right and tell the apps above through events. Permission to moderate is
checked by the caller (moderation.permissions), which knows the queue item and its scope.
"""

from django.db import transaction
from django.utils import timezone

from practica.core import events
from practica.discussions.models import Mention, Post, PostRevision
from practica.discussions.services import attachments, posting


def _locked(post: Post) -> Post:
    return Post.objects.select_for_update(of=("self",)).select_related("topic__community", "author").get(pk=post.pk)


@transaction.atomic
def hide_post(*, post: Post) -> bool:
    """Hide a post from everyone but its author, the community's champions, moderators and staff.

    Returns False when it was already hidden (a retry, or flags arriving together), so callers act once."""
    changed = Post.objects.filter(pk=post.pk, hidden_at__isnull=True).update(hidden_at=timezone.now())
    post.refresh_from_db(fields=["hidden_at"])
    if changed:
        events.publish("post.hidden", post_id=post.pk)
    return bool(changed)


@transaction.atomic
def unhide_post(*, post: Post) -> bool:
    """Show a hidden post again; False when it was not hidden."""
    changed = Post.objects.filter(pk=post.pk, hidden_at__isnull=False).update(hidden_at=None)
    post.refresh_from_db(fields=["hidden_at"])
    if changed:
        events.publish("post.unhidden", post_id=post.pk)
    return bool(changed)


@transaction.atomic
def moderator_edit_post(*, editor, post: Post, body: str) -> Post:
    """A moderator's edit (to anonymise a client, say): the previous text is kept as a revision, as for the
    author's own edits, but the edit is not the author's, so it publishes no "post.edited" (which un-hides)."""
    post = _locked(post)
    body = posting._clean_body(body)
    if body == post.body:
        return post
    PostRevision.objects.create(
        post=post, number=post.revision_count + 1, body=post.body, body_html=post.body_html, edited_by=editor
    )
    rendered = posting.render_body(body)
    post.body, post.body_html = body, rendered.html
    post.edited_at = timezone.now()
    post.revision_count += 1
    post.save(update_fields=["body", "body_html", "edited_at", "revision_count"])
    posting._record_mentions(post, rendered)
    events.publish("post.moderator_edited", post_id=post.pk)
    return post


def delete_post(*, actor, post: Post) -> None:
    """Delete a reply through the members' own write path (counters, audit entry, the "post.deleted" event).

    Raises posting.PostingError for an opening post, which goes only with its topic."""
    posting.delete_post(actor=actor, post=post)


@transaction.atomic
def purge_post(*, post: Post) -> dict:
    """Remove a post's text completely: from the post, every revision and its mentions, and its attached files
    (deleted from storage once this commits). Returns the texts and what the files were (names, sizes and
    checksums, for the sealed copy moderation keeps); the post stays as a placeholder saying it was removed.

    Calling it again returns empty texts and changes nothing."""
    post = _locked(post)
    revisions = list(post.revisions.order_by("number").values("number", "body", "edited_by_id", "created_at"))
    purged = {
        "body": post.body,
        "topic_title": post.topic.title,
        "author_id": post.author_id,
        "created_at": post.created_at.isoformat(),
        "revisions": [
            {
                "number": revision["number"],
                "body": revision["body"],
                "edited_by_id": revision["edited_by_id"],
                "created_at": revision["created_at"].isoformat(),
            }
            for revision in revisions
        ],
    }
    purged["attachments"] = attachments.purge_attachments(post=post)
    PostRevision.objects.filter(post=post).update(body="", body_html="")
    Mention.objects.filter(post=post).delete()
    post.body, post.body_html = "", ""
    post.removed_at = post.removed_at or timezone.now()
    post.save(update_fields=["body", "body_html", "removed_at"])
    events.publish("post.removed", post_id=post.pk)
    return purged


def _redact_quotes(body: str, *, url: str, fragments: list[str], replacement: str) -> str:
    """`body` with every quotation of the removed post replaced: the lines of a block quoted from it (the
    "> **Name** wrote in [#3](/posts/123/):" block the Quote button writes) become one "> [removed]" line,
    and any other copy of its text (pasted by hand) becomes `replacement`."""
    lines, out, inside = body.splitlines(), [], False
    for line in lines:
        if line.startswith(">") and f"]({url})" in line and " wrote in " in line:
            out += [line, ">", f"> {replacement}"]
            inside = True
            continue
        if inside and line.startswith(">"):
            continue
        inside = False
        out.append(line)
    redacted = "\n".join(out) + ("\n" if body.endswith("\n") else "")
    for fragment in fragments:
        redacted = redacted.replace(fragment, replacement)
    return redacted


@transaction.atomic
def redact_quotes_of(*, post: Post, fragments: list[str], replacement: str = "[removed]") -> list[int]:
    """After a post was removed completely, the posts (and their earlier versions and drafts) that quoted it
    keep no copy of its text: the quoted block is replaced by "[removed]". Each changed post publishes
    "post.moderator_edited", so search and notification excerpts follow. Returns the changed posts' ids."""
    from django.db.models import Q
    from django.urls import reverse

    from practica.discussions.models import Draft

    url = reverse("discussions:post", kwargs={"pk": post.pk})
    quoting = Q(body__contains=f"]({url})")
    for fragment in fragments:
        quoting |= Q(body__contains=fragment)
    changed = []
    for other in Post.objects.select_for_update(of=("self",)).filter(quoting).exclude(pk=post.pk):
        body = _redact_quotes(other.body, url=url, fragments=fragments, replacement=replacement)
        if body != other.body:
            Post.objects.filter(pk=other.pk).update(body=body, body_html=posting.render_body(body).html)
            changed.append(other.pk)
    for revision in PostRevision.objects.filter(quoting).exclude(post=post):
        body = _redact_quotes(revision.body, url=url, fragments=fragments, replacement=replacement)
        if body != revision.body:
            PostRevision.objects.filter(pk=revision.pk).update(body=body, body_html=posting.render_body(body).html)
    for draft in Draft.objects.filter(quoting):
        body = _redact_quotes(draft.body, url=url, fragments=fragments, replacement=replacement)
        if body != draft.body:
            Draft.objects.filter(pk=draft.pk).update(body=body)
    for pk in changed:
        events.publish("post.moderator_edited", post_id=pk)
    return changed
