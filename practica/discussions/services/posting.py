"""Starting topics, replying, editing and deleting posts: the write path members use most.

Counters (topic post and like counts, last post, the community's activity) are kept here, in the same
transaction as the post, and `recount_topic` recomputes them from scratch so tests can compare.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Sum
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.accounts.models import Block, User
from practica.communities.models import Community
from practica.communities.permissions import can_read_community
from practica.core import events
from practica.core.audit import record
from practica.core.text import extract_mentions, render_markdown
from practica.core.uploads import CheckedUpload
from practica.discussions.choices import TopicKind
from practica.discussions.models import Draft, Mention, Post, PostRevision, ResearchCall, Tag, Topic
from practica.discussions.permissions import (
    can_accept_answer,
    can_edit_post,
    can_moderate_topic,
    can_post_in,
    can_reply,
    can_view_topic,
    check,
)
from practica.discussions.services import attachments as attached_files
from practica.discussions.services import safety

TITLE_MAX = 200
BODY_MAX = 30_000
MAX_TAGS = 5


class PostingError(Exception):
    """A clear refusal (empty body, closed topic ...) that changes nothing; views show it next to the form."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class RenderedBody:
    html: str
    mentioned: list[User] = field(default_factory=list)
    unknown_handles: list[str] = field(default_factory=list)


def render_body(text: str) -> RenderedBody:
    """Markdown to stored HTML, with @mentions of existing members linked to their profiles."""
    handles = extract_mentions(text)
    people = {user.handle: user for user in User.objects.filter(handle__in=handles, is_active=True)}
    urls = {handle: reverse("accounts:profile", args=[user.pk]) for handle, user in people.items()}
    return RenderedBody(
        html=render_markdown(text, mention_urls=urls),
        mentioned=[people[h] for h in handles if h in people],
        unknown_handles=[h for h in handles if h not in people],
    )


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise PostingError(_("Please write something before posting."), "body")
    if len(body) > BODY_MAX:
        raise PostingError(
            _("This is %(length)s characters long; the limit is %(limit)s.") % {"length": len(body), "limit": BODY_MAX},
            "body",
        )
    return body


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < 5:
        raise PostingError(_("Please give the topic a title of at least 5 characters."), "title")
    if len(title) > TITLE_MAX:
        raise PostingError(_("The title can be at most %(limit)s characters.") % {"limit": TITLE_MAX}, "title")
    return title


def _record_mentions(post: Post, rendered: RenderedBody) -> list[User]:
    """Store who was mentioned and whether they can see the post; return those who cannot (to tell the author)."""
    unseen = []
    Mention.objects.filter(post=post).exclude(user__in=rendered.mentioned).delete()
    # People who blocked the author are recorded as not reachable, so they are never notified (security
    # channel 37). The author is not told: they must not learn that they were blocked.
    blocked_by = set(
        Block.objects.filter(blocked_id=post.author_id, blocker__in=rendered.mentioned).values_list(
            "blocker_id", flat=True
        )
        if rendered.mentioned
        else ()
    )
    for person in rendered.mentioned:
        can_read = can_read_community(person, post.topic.community)
        visible = can_read and person.pk != post.author_id and person.pk not in blocked_by
        Mention.objects.update_or_create(post=post, user=person, defaults={"can_see": visible})
        # Decided without the block, so what the author is told is the same whether or not they were blocked.
        if not can_read and person.pk != post.author_id:
            unseen.append(person)
    return unseen


@dataclass
class PostOutcome:
    post: Post
    created: bool = True
    mentioned_without_access: list[User] = field(default_factory=list)

    @property
    def held_for_review(self) -> bool:
        """The post waits for a moderator before anyone else sees it (pre-moderation, services/safety.py)."""
        return self.post.awaiting_review


def _record_confidentiality_override(author, post: Post, kinds: list[str]) -> None:
    """The author was warned about identifying details and posted anyway: the kinds only, never the text."""
    if kinds:
        record(actor=author, action="post.confidentiality_override", target=post, data={"kinds": list(kinds)})


def _add_post(
    *,
    topic: Topic,
    author,
    body: str,
    reply_to: Post | None,
    idempotency_key: str,
    confidentiality_findings: Sequence[str] = (),
    attachments: Sequence[CheckedUpload] = (),
) -> PostOutcome:
    if idempotency_key:
        existing = Post.objects.filter(author=author, idempotency_key=idempotency_key).first()
        if existing is not None:
            return PostOutcome(post=existing, created=False)
    rendered = render_body(body)
    # Lock the topic row: post numbers and counters are assigned one writer at a time.
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    # Slow mode is checked under the lock, so two quick submits cannot both slip through.
    waiting = safety.slow_mode_message(author, locked)
    if waiting:
        raise PostingError(waiting, "body")
    held = safety.hold_for_review(author, locked, body)
    try:
        with transaction.atomic():
            post = Post.objects.create(
                topic=locked,
                author=author,
                number=locked.next_post_number,
                body=body,
                body_html=rendered.html,
                reply_to=reply_to,
                idempotency_key=idempotency_key,
                confidentiality_findings=list(confidentiality_findings),
                awaiting_review=held,
            )
    except IntegrityError:
        existing = Post.objects.filter(author=author, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return PostOutcome(post=existing, created=False)
    # Stored with the post, held or not: a held post's files are served only to those who see its text.
    attached_files.store_attachments(post=post, uploader=author, uploads=attachments)
    if held:
        # Not counted, not announced: it exists only for its author and moderators until approved.
        Topic.objects.filter(pk=locked.pk).update(next_post_number=F("next_post_number") + 1)
        unseen = _record_mentions(post, rendered)
        _record_confidentiality_override(author, post, post.confidentiality_findings)
        draft_topic = locked if post.number > 1 else None
        Draft.objects.filter(user=author, topic=draft_topic, community=locked.community).delete()
        events.publish("post.held_for_review", post_id=post.pk)
        return PostOutcome(post=post, mentioned_without_access=unseen)
    Topic.objects.filter(pk=locked.pk).update(
        next_post_number=F("next_post_number") + 1,
        post_count=F("post_count") + 1,
        # The post's own timestamp, so the counter equals what recount_topic computes.
        last_posted_at=post.created_at,
        last_poster=author,
    )
    Community.objects.filter(pk=locked.community_id).update(posts_last_30_days=F("posts_last_30_days") + 1)
    unseen = _record_mentions(post, rendered)
    _record_confidentiality_override(author, post, post.confidentiality_findings)
    Draft.objects.filter(user=author, topic=locked if post.number > 1 else None, community=locked.community).delete()
    events.publish("post.created", post_id=post.pk)
    return PostOutcome(post=post, mentioned_without_access=unseen)


def _set_tags(topic: Topic, tags: list[str]) -> None:
    names = []
    for raw in tags:
        name = " ".join(raw.split()).lower()[:40]
        if name and name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise PostingError(_("A topic can have at most %(count)s tags.") % {"count": MAX_TAGS}, "tags")
    topic.tags.set([Tag.objects.get_or_create(name=name)[0] for name in names])


@dataclass
class ResearchDetails:
    study_title: str
    ethics_reference: str
    eligibility: str
    involvement: str
    closes_on: date
    contact: str


@transaction.atomic
def start_topic(
    *,
    author,
    community: Community,
    title: str,
    body: str,
    kind: str = TopicKind.DISCUSSION,
    tags: list[str] | None = None,
    research: ResearchDetails | None = None,
    linked_from: Post | None = None,
    idempotency_key: str = "",
    confidentiality_findings: Sequence[str] = (),
    attachments: Sequence[CheckedUpload] = (),
) -> PostOutcome:
    """A new topic with its opening post (and research details for a research call).

    `confidentiality_findings`: the kinds of identifying detail the author was warned about and posted anyway
    (stored on the post and in the audit log); the same in `reply` and `edit_post`. `attachments`: files
    already checked by practica.core.uploads.check_upload (the forms do it), at most POST_ATTACHMENTS_MAX.
    """
    if idempotency_key:
        existing = Post.objects.filter(author=author, idempotency_key=idempotency_key).select_related("topic").first()
        if existing is not None:
            return PostOutcome(post=existing, created=False)
    check(can_post_in(author, community), _("Join this community to start a topic in it."))
    title = _clean_title(title)
    body = _clean_body(body)
    if kind not in TopicKind.values:
        raise PostingError(_("Choose a type of topic."), "kind")
    _check_attachment_count(existing=0, adding=len(attachments))
    if kind == TopicKind.RESEARCH:
        if research is None:
            raise PostingError(_("A research call needs its study details."), "study_title")
        if research.closes_on < timezone.localdate():
            raise PostingError(_("The closing date has already passed."), "closes_on")
    if linked_from is not None:
        check(can_view_topic(author, linked_from.topic), _("You cannot see the post you are continuing from."))
    topic = Topic.objects.create(community=community, author=author, title=title, kind=kind, linked_from=linked_from)
    _set_tags(topic, tags or [])
    if kind == TopicKind.RESEARCH:
        ResearchCall.objects.create(topic=topic, **research.__dict__)
    outcome = _add_post(
        topic=topic,
        author=author,
        body=body,
        reply_to=None,
        idempotency_key=idempotency_key,
        confidentiality_findings=confidentiality_findings,
        attachments=attachments,
    )
    Draft.objects.filter(user=author, community=community, topic__isnull=True).delete()
    if not outcome.held_for_review:  # a held topic is announced when its opening post is approved
        events.publish("topic.created", topic_id=topic.pk)
    if linked_from is not None:
        events.publish("topic.linked", topic_id=topic.pk, from_post_id=linked_from.pk)
    return outcome


@transaction.atomic
def reply(
    *,
    author,
    topic: Topic,
    body: str,
    reply_to: Post | None = None,
    idempotency_key: str = "",
    confidentiality_findings: Sequence[str] = (),
    attachments: Sequence[CheckedUpload] = (),
) -> PostOutcome:
    """Reply to a topic, or to one post in it ("in reply to #n"), with files already checked (see start_topic)."""
    if idempotency_key:
        existing = Post.objects.filter(author=author, idempotency_key=idempotency_key).first()
        if existing is not None:
            return PostOutcome(post=existing, created=False)
    topic = Topic.objects.select_related("community").get(pk=topic.pk)
    if topic.is_closed:
        raise PostingError(_("This topic is closed to new replies: %(reason)s") % {"reason": topic.close_reason})
    check(can_reply(author, topic), _("Only members of this community can reply."))
    body = _clean_body(body)
    if reply_to is not None and (reply_to.topic_id != topic.pk or reply_to.deleted_at is not None):
        raise PostingError(_("The post you are replying to is no longer in this topic."))
    _check_attachment_count(existing=0, adding=len(attachments))
    return _add_post(
        topic=topic,
        author=author,
        body=body,
        reply_to=reply_to,
        idempotency_key=idempotency_key,
        confidentiality_findings=confidentiality_findings,
        attachments=attachments,
    )


@transaction.atomic
def edit_post(
    *,
    editor,
    post: Post,
    body: str,
    title: str | None = None,
    confidentiality_findings: Sequence[str] = (),
    attachments: Sequence[CheckedUpload] = (),
    remove_attachments: Sequence[int] = (),
) -> PostOutcome:
    """Authors edit their posts; the previous text is kept as a revision. They may also attach more files
    (checked, see start_topic) and take attachments off (`remove_attachments`: ids of this post's ones)."""
    post = Post.objects.select_for_update(of=("self",)).select_related("topic__community").get(pk=post.pk)
    check(can_edit_post(editor, post), _("You can only edit your own posts."))
    body = _clean_body(body)
    files_changed = _change_attachments(post, editor, attachments, remove_attachments)
    title_changed = False
    if title is not None and post.number == 1:
        new_title = _clean_title(title)
        if new_title != post.topic.title:
            Topic.objects.filter(pk=post.topic_id).update(title=new_title)
            title_changed = True
    findings = list(confidentiality_findings)
    if body == post.body:
        if title_changed and findings != post.confidentiality_findings:
            post.confidentiality_findings = findings
            post.save(update_fields=["confidentiality_findings"])
            _record_confidentiality_override(editor, post, findings)
        if files_changed:
            # A change of files is the author's edit too (it may be what was flagged): no text revision.
            post.edited_at = timezone.now()
            post.save(update_fields=["edited_at"])
            events.publish("post.edited", post_id=post.pk)
        return PostOutcome(post=post, created=False)
    PostRevision.objects.create(
        post=post, number=post.revision_count + 1, body=post.body, body_html=post.body_html, edited_by=editor
    )
    rendered = render_body(body)
    post.body, post.body_html = body, rendered.html
    post.edited_at = timezone.now()
    post.revision_count += 1
    post.confidentiality_findings = findings
    post.save(update_fields=["body", "body_html", "edited_at", "revision_count", "confidentiality_findings"])
    _record_confidentiality_override(editor, post, findings)
    unseen = _record_mentions(post, rendered)
    events.publish("post.edited", post_id=post.pk)
    return PostOutcome(post=post, created=False, mentioned_without_access=unseen)


def _check_attachment_count(*, existing: int, adding: int) -> None:
    try:
        attached_files.check_count(existing=existing, adding=adding)
    except attached_files.TooManyAttachments as error:
        raise PostingError(str(error), "attachments") from None


def _change_attachments(post: Post, editor, adding: Sequence[CheckedUpload], removing: Sequence[int]) -> bool:
    """Take the chosen attachments off an edited post and add the new ones; True when anything changed."""
    removed = attached_files.remove_attachments(post=post, ids=removing)
    _check_attachment_count(existing=post.attachments.count(), adding=len(adding))
    attached_files.store_attachments(post=post, uploader=editor, uploads=adding)
    return bool(removed or adding)


@transaction.atomic
def delete_post(*, actor, post: Post) -> None:
    """Authors delete their replies (the opening post goes with its topic); moderators may delete any reply."""
    post = Post.objects.select_for_update(of=("self",)).select_related("topic__community").get(pk=post.pk)
    allowed = post.author_id == actor.pk or can_moderate_topic(actor, post.topic)
    check(allowed, _("You can only delete your own posts."))
    if post.number == 1:
        raise PostingError(_("The opening post cannot be deleted on its own; ask a champion to archive the topic."))
    if post.deleted_at is not None:
        return
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    recount_topic(post.topic)
    if not post.awaiting_review:  # a held post was never counted
        _uncount_recent_posts(post.topic.community_id, Post.objects.filter(pk=post.pk))
    if actor.pk != post.author_id:
        record(actor=actor, action="post.deleted", target=post, data={"topic_id": post.topic_id})
    events.publish("post.deleted", post_id=post.pk)


@transaction.atomic
def accept_answer(*, actor, post: Post | None, topic: Topic) -> Topic:
    """The asker or a champion marks one reply as the answer (or clears it with post=None)."""
    topic = Topic.objects.select_for_update(of=("self",)).select_related("community").get(pk=topic.pk)
    check(can_accept_answer(actor, topic), _("Only the person who asked, or a champion, can choose the answer."))
    if post is not None and (post.topic_id != topic.pk or post.number == 1 or post.deleted_at is not None):
        raise PostingError(_("Choose a reply in this topic as the answer."))
    topic.accepted_answer = post
    topic.save(update_fields=["accepted_answer"])
    if post is not None:
        events.publish("topic.answer_accepted", topic_id=topic.pk, post_id=post.pk)
    return topic


def _uncount_recent_posts(community_id: int, posts) -> int:
    """Take posts of the last 30 days off a community's activity counter (after a delete or a move)."""
    recent = posts.filter(created_at__gte=timezone.now() - timedelta(days=30)).count()
    if recent:
        Community.objects.filter(pk=community_id).update(
            posts_last_30_days=Greatest(F("posts_last_30_days") - recent, 0)
        )
    return recent


def recount_topic(topic: Topic) -> Topic:
    """Recompute a topic's counters and last post from its posts (after deletes, moves, merges, splits)."""
    live = Post.objects.filter(topic=topic, deleted_at__isnull=True, awaiting_review=False)
    totals = live.aggregate(posts=Count("id"), likes=Coalesce(Sum("like_count"), 0), highest=Max("number"))
    last = live.order_by("-number").values("created_at", "author_id").first()
    highest = Post.objects.filter(topic=topic).aggregate(highest=Max("number"))["highest"] or 0
    Topic.objects.filter(pk=topic.pk).update(
        post_count=totals["posts"],
        like_count=totals["likes"],
        last_posted_at=last["created_at"] if last else None,
        last_poster_id=last["author_id"] if last else None,
        next_post_number=highest + 1,
    )
    topic.refresh_from_db()
    return topic


def archive_closed_research_calls(today: date | None = None) -> int:
    """Research calls past their closing date are archived (they stay readable on the research page)."""
    today = today or timezone.localdate()
    return ResearchCall.objects.filter(archived_at__isnull=True, closes_on__lt=today).update(archived_at=timezone.now())


def recount_community_activity() -> int:
    """Posts in the last 30 days per community, recomputed in one pass (the counter also grows as people post)."""
    since = timezone.now() - timedelta(days=30)
    counts = dict(
        Post.objects.filter(created_at__gte=since, deleted_at__isnull=True, awaiting_review=False)
        .values_list("topic__community")
        .annotate(n=Count("id"))
    )
    updated = 0
    for community in Community.objects.only("pk", "posts_last_30_days"):
        value = counts.get(community.pk, 0)
        if community.posts_last_30_days != value:
            Community.objects.filter(pk=community.pk).update(posts_last_30_days=value)
            updated += 1
    return updated
