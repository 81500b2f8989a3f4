"""Likes, polls, bookmarks, drafts and read state: the small things members do many times a day."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.discussions.models import (
    Bookmark,
    Draft,
    Like,
    Poll,
    PollOption,
    PollVote,
    Post,
    ReadState,
    Topic,
)
from practica.discussions.permissions import (
    can_like,
    can_post_in,
    can_reply,
    can_view_topic,
    can_vote,
    check,
)
from practica.discussions.services.posting import PostingError

MAX_POLL_OPTIONS = 20


@transaction.atomic
def toggle_like(*, user, post: Post) -> bool:
    """Like a post, or take the like back. Returns whether the user now likes it."""
    post = Post.objects.select_related("topic__community").get(pk=post.pk)
    check(can_like(user, post), _("You cannot like your own post."))
    deleted, _details = Like.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(like_count=F("like_count") - 1)
        Topic.objects.filter(pk=post.topic_id).update(like_count=F("like_count") - 1)
        from practica.core import events

        events.publish("post.unliked", post_id=post.pk, user_id=user.pk)
        return False
    try:
        with transaction.atomic():
            Like.objects.create(post=post, user=user)
    except IntegrityError:
        return True  # a double click: the first one counted
    Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
    Topic.objects.filter(pk=post.topic_id).update(like_count=F("like_count") + 1)
    from practica.core import events

    events.publish("post.liked", post_id=post.pk, user_id=user.pk)
    return True


@dataclass
class PollSpec:
    question: str
    options: list[str]
    multiple_choice: bool = False
    closes_at: datetime | None = None
    results: str = "after_vote"
    public_voters: bool = False


def _clean_poll(spec: PollSpec) -> tuple[str, list[str]]:
    question = " ".join((spec.question or "").split())
    if not question:
        raise PostingError(_("Please write the poll's question."), "poll_question")
    options = [" ".join(option.split()) for option in spec.options if option and option.strip()]
    if len(options) < 2:
        raise PostingError(_("A poll needs at least two options."), "poll_options")
    if len(options) > MAX_POLL_OPTIONS:
        raise PostingError(_("A poll can have at most %(n)s options.") % {"n": MAX_POLL_OPTIONS}, "poll_options")
    if len({option.casefold() for option in options}) != len(options):
        raise PostingError(_("Each option must be different."), "poll_options")
    if spec.closes_at is not None and spec.closes_at <= timezone.now():
        raise PostingError(_("The closing time must be in the future."), "poll_closes_at")
    return question, options


@transaction.atomic
def add_poll(*, author, topic: Topic, spec: PollSpec) -> Poll:
    """A poll with the topic, or added later by the topic's author."""
    topic = Topic.objects.select_for_update(of=("self",)).select_related("community").get(pk=topic.pk)
    check(
        topic.author_id == author.pk and can_post_in(author, topic.community),
        _("Only the topic's author can add a poll."),
    )
    if Poll.objects.filter(topic=topic).exists():
        raise PostingError(_("This topic already has a poll."), "poll_question")
    question, options = _clean_poll(spec)
    poll = Poll.objects.create(
        topic=topic,
        question=question,
        multiple_choice=spec.multiple_choice,
        closes_at=spec.closes_at,
        results=spec.results,
        public_voters=spec.public_voters,
    )
    PollOption.objects.bulk_create(
        [PollOption(poll=poll, label=label, position=index) for index, label in enumerate(options)]
    )
    return poll


def poll_is_closed(poll: Poll, now=None) -> bool:
    return poll.closes_at is not None and poll.closes_at <= (now or timezone.now())


@transaction.atomic
def vote(*, user, poll: Poll, option_ids: list[int]) -> list[PollOption]:
    """Vote, or change a vote, until the poll closes."""
    poll = Poll.objects.select_for_update(of=("self",)).select_related("topic__community").get(pk=poll.pk)
    check(can_vote(user, poll), _("Join this community to vote."))
    if poll_is_closed(poll):
        raise PostingError(_("This poll has closed."))
    chosen = list(PollOption.objects.filter(poll=poll, pk__in=option_ids))
    if not chosen or len(chosen) != len(set(option_ids)):
        raise PostingError(_("Choose an option."))
    if len(chosen) > 1 and not poll.multiple_choice:
        raise PostingError(_("Choose only one option."))
    previous = list(PollVote.objects.filter(poll=poll, user=user).values_list("option_id", flat=True))
    if previous:
        PollOption.objects.filter(pk__in=previous).update(vote_count=F("vote_count") - 1)
        PollVote.objects.filter(poll=poll, user=user).delete()
    else:
        Poll.objects.filter(pk=poll.pk).update(voter_count=F("voter_count") + 1)
    PollVote.objects.bulk_create([PollVote(poll=poll, option=option, user=user) for option in chosen])
    PollOption.objects.filter(pk__in=[option.pk for option in chosen]).update(vote_count=F("vote_count") + 1)
    return chosen


def can_see_poll_results(user, poll: Poll, *, has_voted: bool) -> bool:
    if poll_is_closed(poll) or poll.topic.author_id == user.pk:
        return True
    return has_voted and poll.results == "after_vote"


@transaction.atomic
def save_bookmark(*, user, post: Post, note: str = "", remind_at: datetime | None = None) -> Bookmark:
    post = Post.objects.select_related("topic__community").get(pk=post.pk)
    check(can_view_topic(user, post.topic) and post.deleted_at is None, _("You cannot bookmark this post."))
    if remind_at is not None and remind_at <= timezone.now():
        raise PostingError(_("Choose a reminder time in the future."), "remind_at")
    bookmark, _created = Bookmark.objects.update_or_create(
        user=user, post=post, defaults={"note": note.strip()[:300], "remind_at": remind_at, "reminded_at": None}
    )
    return bookmark


def remove_bookmark(*, user, bookmark: Bookmark) -> None:
    Bookmark.objects.filter(pk=bookmark.pk, user=user).delete()


def save_draft(*, user, community, topic: Topic | None = None, title: str = "", body: str = "", data=None) -> Draft:
    """Keep what the member is typing. Called as they type; cheap and safe to repeat."""
    if topic is not None:
        check(can_reply(user, topic), _("You cannot reply to this topic."))
        community = topic.community
    else:
        check(can_post_in(user, community), _("Join this community to start a topic in it."))
    draft, _created = Draft.objects.update_or_create(
        user=user,
        community=community,
        topic=topic,
        defaults={"title": (title or "")[:200], "body": body or "", "data": data or {}},
    )
    return draft


def discard_draft(*, user, draft: Draft) -> None:
    Draft.objects.filter(pk=draft.pk, user=user).delete()


def mark_read(*, user, topic: Topic, up_to: int) -> None:
    """Move the member's read position forward (never back)."""
    if not getattr(user, "is_authenticated", False) or up_to <= 0:
        return
    updated = ReadState.objects.filter(user=user, topic=topic, last_read_number__lt=up_to).update(
        last_read_number=up_to, updated_at=timezone.now()
    )
    if not updated:
        try:
            with transaction.atomic():
                ReadState.objects.get_or_create(user=user, topic=topic, defaults={"last_read_number": up_to})
        except IntegrityError:
            pass


@transaction.atomic
def mark_community_read(*, user, community) -> int:
    """Mark every topic the member can see in the community as read."""
    topics = Topic.objects.visible_to(user).filter(community=community).values_list("pk", "next_post_number")
    states = {state.topic_id: state for state in ReadState.objects.filter(user=user, topic__community=community)}
    changed = 0
    for topic_id, next_number in topics:
        last = next_number - 1
        state = states.get(topic_id)
        if state is None:
            ReadState.objects.create(user=user, topic_id=topic_id, last_read_number=last)
            changed += 1
        elif state.last_read_number < last:
            ReadState.objects.filter(pk=state.pk).update(last_read_number=last)
            changed += 1
    return changed
