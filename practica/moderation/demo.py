"""Demo data for moderation: a post two members flagged (so it is hidden, with its item in the queue) and an
open item with a single flag, in the demo's communities. Safe to run again."""

from django.db.models import Count

from practica.communities.choices import CommunityRole
from practica.communities.models import Community, CommunityMember
from practica.discussions.models import Post, Topic
from practica.discussions.services.posting import reply
from practica.moderation.models import Flag

HIDDEN_REPLY = (
    "Honestly, anyone still working this way should not be practising. I cannot believe people here defend it."
)


def load() -> None:
    load_flags()
    from practica.moderation.demo_cases import load_cases

    load_cases()


def load_flags() -> None:
    """A hidden post with two member flags and a second item awaiting a look."""
    if Post.objects.filter(body=HIDDEN_REPLY).exists() or not Topic.objects.exists():
        return
    from practica.moderation.services.flags import raise_flag

    community = (
        Community.objects.annotate(people=Count("memberships"))
        .filter(people__gte=4, topics__isnull=False)
        .order_by("-people", "pk")
        .first()
    )
    if community is None:
        return
    members = [
        membership.user
        for membership in CommunityMember.objects.filter(community=community)
        .exclude(role=CommunityRole.CHAMPION)
        .select_related("user")
        .order_by("user_id")
    ]
    if len(members) < 3:
        return
    author, first, second = members[0], members[1], members[2]
    topic = Topic.objects.filter(community=community, closed_at__isnull=True).order_by("-post_count", "pk").first()
    if topic is None:
        return
    post = reply(author=author, topic=topic, body=HIDDEN_REPLY).post
    raise_flag(flagger=first, target=post, reason="bullying", details="This feels aimed at one member.")
    raise_flag(flagger=second, target=post, reason="inappropriate")
    # A second item: one member's flag on another post, not enough to hide it.
    other = (
        Post.objects.filter(topic__community=community, number__gt=1, hidden_at__isnull=True, deleted_at__isnull=True)
        .exclude(author=second)
        .exclude(pk=post.pk)
        .order_by("-pk")
        .first()
    )
    if other is not None and not Flag.objects.filter(object_id=other.pk, flagger=second).exists():
        raise_flag(flagger=second, target=other, reason="off_topic", details="This drifts a long way from the topic.")
