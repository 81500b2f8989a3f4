"""What happens in discussions and communities, turned into notifications (called by handlers.py).

Every recipient is checked at send time: they must still be able to see the post (core.visibility), must not
have muted the topic or its community, and must not have blocked the person who acted (SECURITY.md, channel
37). Watchers are told in batches (`fan_out_batch`), so a community with ten thousand watchers costs a
bounded number of queries per batch and nothing at all when the post is written.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from practica.accounts.choices import Role
from practica.accounts.models import Block, User
from practica.communities.choices import Membership
from practica.communities.models import CommunityMember, CommunityProposal, JoinRequest
from practica.core import visibility
from practica.discussions.models import Mention, Post, Topic
from practica.discussions.permissions import post_text_may_travel
from practica.notifications.choices import NotificationKind, WatchLevel
from practica.notifications.models import CommunityWatch, Notification, TopicWatch
from practica.notifications.services.delivery import excerpt_of_html, notify, notify_many, set_excerpts
from practica.notifications.services.watching import forget_watches, watch_by_default

FAN_OUT_BATCH = 500
# "> **Name** wrote in [#3](/posts/123/):" — the attribution line the composer writes for a quote.
_QUOTED_POST = re.compile(r"^>.*\]\(/posts/(\d+)/\)", re.MULTILINE)


def _load_post(post_id: int) -> Post | None:
    return Post.objects.select_related("topic__community", "author", "reply_to").filter(pk=post_id).first()


def _announceable(post: Post) -> bool:
    """Deleted, hidden, held and removed posts are announced to nobody."""
    return post_text_may_travel(post) and post.topic.merged_into_id is None


def post_snapshot(post: Post) -> dict:
    topic = post.topic
    return {
        "title": topic.title,
        "excerpt": excerpt_of_html(post.body_html) if post_text_may_travel(post) else "",
        "url": reverse("discussions:post", kwargs={"pk": post.pk}),
        "community_name": topic.community.name,
        "post_number": post.number,
    }


def _silenced_for(post: Post, user_ids: set[int]) -> set[int]:
    """Of these members, those who must not hear about this post: they muted its topic or community, or
    they blocked its author."""
    if not user_ids:
        return set()
    muted = set(
        TopicWatch.objects.filter(topic_id=post.topic_id, user_id__in=user_ids, level=WatchLevel.MUTED).values_list(
            "user_id", flat=True
        )
    )
    muted |= set(
        CommunityWatch.objects.filter(
            community_id=post.topic.community_id, user_id__in=user_ids, level=WatchLevel.MUTED
        ).values_list("user_id", flat=True)
    )
    muted |= set(
        Block.objects.filter(blocked_id=post.author_id, blocker_id__in=user_ids).values_list("blocker_id", flat=True)
    )
    return muted


def _tell(recipients: dict[int, str], post: Post, *, actor, snapshot: dict) -> int:
    """Send each recipient the kind chosen for them, after the send-time checks."""
    recipients.pop(actor.pk, None)
    silenced = _silenced_for(post, set(recipients))
    people = {user.pk: user for user in User.objects.filter(pk__in=set(recipients) - silenced, is_active=True)}
    told = 0
    for user_id, kind in recipients.items():
        user = people.get(user_id)
        if user is None or not visibility.can_see(user, post):
            continue
        if notify(
            recipient=user,
            kind=kind,
            target=post,
            community_id=post.topic.community_id,
            actor=actor,
            snapshot=snapshot,
        ):
            told += 1
    return told


def quoted_post_ids(body: str) -> set[int]:
    return {int(pk) for pk in _QUOTED_POST.findall(body or "")}


def notify_new_post(post_id: int) -> int:
    """A new post: its author follows the topic; replied-to, mentioned and quoted members are told, then the
    watchers in batches (a task per batch). Returns how many were told directly."""
    post = _load_post(post_id)
    if post is None or not _announceable(post):
        return 0
    watch_by_default(user=post.author, topic=post.topic, started=post.number == 1)
    recipients: dict[int, str] = {}
    # One notification per person, the most personal kind first.
    for user_id in Mention.objects.filter(post=post, can_see=True).values_list("user_id", flat=True):
        recipients.setdefault(user_id, NotificationKind.MENTION)
    if post.number > 1:
        if post.reply_to is not None and post.reply_to.deleted_at is None:
            recipients.setdefault(post.reply_to.author_id, NotificationKind.REPLY)
        else:
            recipients.setdefault(post.topic.author_id, NotificationKind.REPLY)
    quoted = quoted_post_ids(post.body)
    if quoted:
        quoted_authors = Post.objects.filter(
            pk__in=quoted, topic__community_id=post.topic.community_id, deleted_at__isnull=True
        ).values_list("author_id", flat=True)
        for user_id in quoted_authors:
            recipients.setdefault(user_id, NotificationKind.QUOTE)
    told = _tell(recipients, post, actor=post.author, snapshot=post_snapshot(post))
    from practica.notifications.tasks import fan_out_post

    fan_out_post.enqueue(post.pk, 0)
    return told


def notify_edited_post(post_id: int) -> int:
    """An edit may mention new people (told once), and changes the excerpt others were shown."""
    post = _load_post(post_id)
    if post is None:
        return 0
    refresh_excerpts(post)
    if not _announceable(post):
        return 0
    recipients = {
        user_id: NotificationKind.MENTION
        for user_id in Mention.objects.filter(post=post, can_see=True).values_list("user_id", flat=True)
    }
    return _tell(recipients, post, actor=post.author, snapshot=post_snapshot(post))


def refresh_excerpts(post: Post) -> int:
    """The excerpt every notification about this post shows: its current text, or nothing when it may not travel."""
    excerpt = excerpt_of_html(post.body_html) if post_text_may_travel(post) else ""
    return set_excerpts(content_type=ContentType.objects.get_for_model(Post), object_ids=[post.pk], excerpt=excerpt)


def _watchers(post: Post):
    """Members who follow every post here: watching the topic, or watching the community without a choice
    of their own for the topic; never a muted one, never the author or someone who blocked them; only people
    who may read inside the community now."""
    topic, community = post.topic, post.topic.community
    topic_watching = TopicWatch.objects.filter(topic=topic, level=WatchLevel.WATCHING).values("user_id")
    topic_chosen_otherwise = TopicWatch.objects.filter(topic=topic).exclude(level=WatchLevel.WATCHING).values("user_id")
    community_watching = CommunityWatch.objects.filter(community=community, level=WatchLevel.WATCHING).values("user_id")
    community_muted = CommunityWatch.objects.filter(community=community, level=WatchLevel.MUTED).values("user_id")
    blockers = Block.objects.filter(blocked_id=post.author_id).values("blocker_id")
    if post.number == 1:
        # A new topic reaches those watching its community (the topic's only watcher is its author).
        wanted = Q(pk__in=community_watching)
    else:
        wanted = Q(pk__in=topic_watching) | (Q(pk__in=community_watching) & ~Q(pk__in=topic_chosen_otherwise))
    people = (
        User.objects.filter(wanted, is_active=True)
        .exclude(pk__in=community_muted)
        .exclude(pk__in=blockers)
        .exclude(pk=post.author_id)
    )
    if community.membership != Membership.OPEN or community.unlisted:
        people = people.filter(
            Q(role__in=[Role.STAFF, Role.ADMIN])
            | Exists(CommunityMember.objects.filter(community=community, user=OuterRef("pk")))
        )
    return people


def fan_out_batch(post_id: int, after_user_id: int = 0, *, batch_size: int = FAN_OUT_BATCH) -> int | None:
    """Tell the next batch of watchers about a post; returns the cursor for the next batch, or None when done."""
    post = _load_post(post_id)
    if post is None or not _announceable(post):
        return None
    kind = NotificationKind.NEW_TOPIC if post.number == 1 else NotificationKind.NEW_POST
    ids = list(_watchers(post).filter(pk__gt=after_user_id).order_by("pk").values_list("pk", flat=True)[:batch_size])
    notify_many(
        recipient_ids=ids,
        kind=kind,
        target=post,
        community_id=post.topic.community_id,
        actor=post.author,
        snapshot=post_snapshot(post),
    )
    return ids[-1] if len(ids) == batch_size else None


def notify_like(post_id: int, user_id: int) -> bool:
    """Likes are batched: "3 members liked your post" is one notification while it is unread."""
    post = _load_post(post_id)
    liker = User.objects.filter(pk=user_id, is_active=True).first()
    if post is None or liker is None or not _announceable(post) or post.author_id == liker.pk:
        return False
    if not post.likes.filter(user=liker).exists():
        return False  # taken back before we got here
    author = post.author
    if post.author_id in _silenced_for(post, {post.author_id}) or not author.is_active:
        return False
    if Block.objects.filter(blocker=author, blocked=liker).exists() or not visibility.can_see(author, post):
        return False
    return (
        notify(
            recipient=author,
            kind=NotificationKind.LIKE,
            target=post,
            community_id=post.topic.community_id,
            actor=liker,
            snapshot=post_snapshot(post),
            group_key=f"like:post:{post.pk}",
        )
        is not None
    )


def notify_linked_topic(topic_id: int, from_post_id: int) -> bool:
    """A member continued someone's post in a new topic: the post's author is told."""
    opening = Post.objects.select_related("topic__community", "author").filter(topic_id=topic_id, number=1).first()
    source = Post.objects.filter(pk=from_post_id).only("author_id").first()
    if opening is None or source is None or not _announceable(opening):
        return False
    return (
        _tell(
            {source.author_id: NotificationKind.LINKED}, opening, actor=opening.author, snapshot=post_snapshot(opening)
        )
        > 0
    )


def notify_join_request_decided(join_request_id: int) -> bool:
    join_request = (
        JoinRequest.objects.select_related("community", "user", "decided_by").filter(pk=join_request_id).first()
    )
    if join_request is None or not join_request.user.is_active:
        return False
    title = _("Your request to join %(community)s: %(status)s") % {
        "community": join_request.community.name,
        "status": join_request.get_status_display(),
    }
    # No community: a declined request must still reach someone who cannot read inside. No champion's message
    # either: it may speak of the community's inside.
    return (
        notify(
            recipient=join_request.user,
            kind=NotificationKind.JOIN_REQUEST,
            target=join_request,
            actor=None,
            snapshot={
                "title": title,
                "excerpt": "",
                "url": reverse("communities:detail", kwargs={"pk": join_request.community_id}),
                "community_name": join_request.community.name,
            },
        )
        is not None
    )


def notify_proposal_status(proposal_id: int) -> bool:
    proposal = CommunityProposal.objects.select_related("proposer").filter(pk=proposal_id).first()
    if proposal is None or not proposal.proposer.is_active:
        return False
    title = _("Your proposal “%(name)s”: %(status)s") % {"name": proposal.name, "status": proposal.get_status_display()}
    return (
        notify(
            recipient=proposal.proposer,
            kind=NotificationKind.PROPOSAL,
            target=proposal,
            snapshot={
                "title": title,
                "excerpt": "",
                "url": reverse("communities:proposal", kwargs={"pk": proposal.pk}),
            },
        )
        is not None
    )


def follow_moved_topic(topic_id: int) -> int:
    """Notifications about a moved topic's posts now belong to its new community (so its readers decide)."""
    topic = Topic.objects.filter(pk=topic_id).only("community_id").first()
    if topic is None:
        return 0
    post_ids = Post.objects.filter(topic_id=topic_id).values("pk")
    return Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(Post), object_id__in=post_ids
    ).update(community_id=topic.community_id)


def forget_former_member(community_id: int, user_id: int) -> int:
    """Someone who left a closed community no longer follows it (what they were told stays hidden by the
    display check); in an open one they may still read, so their choices stay."""
    from practica.communities.models import Community
    from practica.communities.permissions import can_read_community

    community = Community.objects.filter(pk=community_id).first()
    user = User.objects.filter(pk=user_id).first()
    if community is None or user is None or can_read_community(user, community):
        return 0
    return forget_watches(user_id=user_id, community_id=community_id)


def forget_removed_text(label: str, target_id: int) -> int:
    """Moderation removed something completely: no notification may keep its text, nor the text of posts
    that quoted it."""
    label = label.lower()
    post_type = ContentType.objects.get_for_model(Post)
    if label == "discussions.post":
        post_ids = {target_id}
        post_ids |= set(Post.objects.filter(body__contains=f"/posts/{target_id}/").values_list("pk", flat=True))
        return set_excerpts(content_type=post_type, object_ids=post_ids, excerpt="")
    if label == "discussions.topic":
        post_ids = set(Post.objects.filter(topic_id=target_id).values_list("pk", flat=True))
        return set_excerpts(content_type=post_type, object_ids=post_ids, excerpt="")
    app_label, _dot, model = label.partition(".")
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    if content_type is None:
        return 0
    return set_excerpts(content_type=content_type, object_ids=[target_id], excerpt="")
