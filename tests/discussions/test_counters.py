"""Denormalised counters never drift: after a mix of everything members, champions and moderators do, every
stored counter equals a recount from scratch, computed here independently of services.posting.recount_topic."""

import datetime

import pytest
from django.utils import timezone

from practica.communities.models import Community
from practica.discussions.models import Like, Post, Topic
from practica.discussions.services.curation import merge_topics, move_topic, split_topic
from practica.discussions.services.engagement import toggle_like
from practica.discussions.services.posting import (
    delete_post,
    edit_post,
    recount_community_activity,
    reply,
    start_topic,
)
from tests.factories import CommunityFactory, UserFactory, add_member


def _expected_topic(topic: Topic) -> dict:
    """The same rules as recount_topic, from the rows themselves: live posts count; the last post is the
    live post with the highest number; numbering continues after the highest number ever used."""
    posts = list(Post.objects.filter(topic=topic).order_by("number"))
    live = [post for post in posts if post.deleted_at is None]
    likes = {post.pk: Like.objects.filter(post=post).count() for post in live}
    last = live[-1] if live else None
    return {
        "post_count": len(live),
        "like_count": sum(likes.values()),
        "last_posted_at": last.created_at if last else None,
        "last_poster_id": last.author_id if last else None,
        "next_post_number": (posts[-1].number if posts else 0) + 1,
    }


def _stored_topic(topic: Topic) -> dict:
    topic.refresh_from_db()
    return {
        "post_count": topic.post_count,
        "like_count": topic.like_count,
        "last_posted_at": topic.last_posted_at,
        "last_poster_id": topic.last_poster_id,
        "next_post_number": topic.next_post_number,
    }


def _expected_activity() -> dict[int, int]:
    since = timezone.now() - datetime.timedelta(days=30)
    counts = {}
    for community in Community.objects.all():
        counts[community.pk] = Post.objects.filter(
            topic__community=community, deleted_at__isnull=True, created_at__gte=since
        ).count()
    return counts


@pytest.fixture
def busy_world(db):
    """Two communities, five people, and a day's worth of posting, liking and curating."""
    first = CommunityFactory(name="Online and Telephone Therapy")
    second = CommunityFactory(name="Trainee Counsellors")
    champion = UserFactory(display_name="Tom Reid")
    people = [UserFactory(display_name=name) for name in ("Aisha Ahmed", "Ben Baker", "Carys Clarke", "Dev Davies")]
    add_member(first, champion, role="champion")
    add_member(second, champion, role="champion")
    for person in people:
        add_member(first, person)
    add_member(second, people[0])

    topics = []
    for index, title in enumerate(["Contracting for video sessions", "Endings online", "Notes and GDPR"]):
        topics.append(
            start_topic(author=people[index], community=first, title=title, body=f"Opening post {index}").post.topic
        )
    posts = {topic.pk: [topic.posts.get(number=1)] for topic in topics}
    for round_number in range(4):
        for topic in topics:
            for person in people:
                body = f"Round {round_number} from {person.display_name}"
                posts[topic.pk].append(reply(author=person, topic=topic, body=body).post)
    # Likes: everyone likes everything they did not write, then some take their likes back.
    for topic in topics:
        for post in posts[topic.pk][:6]:
            for person in [champion, *people]:
                if person.pk != post.author_id:
                    toggle_like(user=person, post=post)
        toggle_like(user=champion, post=posts[topic.pk][1])
        toggle_like(user=champion, post=posts[topic.pk][2])
    # Edits change no counter; deletes do, including the last post and a liked one.
    edit_post(editor=people[1], post=posts[topics[0].pk][2], body="Edited: a clearer version")
    delete_post(actor=posts[topics[0].pk][-1].author, post=posts[topics[0].pk][-1])
    delete_post(actor=champion, post=posts[topics[1].pk][3])
    delete_post(actor=posts[topics[2].pk][1].author, post=posts[topics[2].pk][1])
    # Split liked and deleted-neighbour replies off, merge one topic into another, then move.
    new_topic = split_topic(
        actor=champion,
        topic=topics[0],
        post_ids=[post.pk for post in posts[topics[0].pk][3:8]],
        title="Video platforms and encryption",
    )
    reply(author=people[3], topic=new_topic, body="Thanks for splitting this off.")
    merge_topics(actor=champion, source=topics[2], into=topics[1])
    move_topic(actor=champion, topic=new_topic, to_community=second)
    reply(author=people[0], topic=new_topic, body="Glad it found a home here.")
    toggle_like(user=champion, post=new_topic.posts.order_by("number").last())
    delete_post(actor=champion, post=new_topic.posts.order_by("number")[1])
    # A topic only ever replied to and liked: its counters come from the incremental path alone.
    quiet = start_topic(author=champion, community=second, title="Placement hours", body="How many?").post.topic
    answer = reply(author=people[0], topic=quiet, body="Around a hundred.").post
    toggle_like(user=champion, post=answer)
    return {"communities": [first, second], "topics": [*topics, new_topic, quiet]}


def test_every_topic_counter_matches_a_recount_from_scratch(busy_world):
    for topic in Topic.objects.all():
        assert _stored_topic(topic) == _expected_topic(topic), topic.title


def test_every_post_like_count_matches_its_likes(busy_world):
    for post in Post.objects.all():
        assert post.like_count == Like.objects.filter(post=post).count(), post


def test_a_merged_topic_keeps_no_posts_and_no_counts(busy_world):
    merged = Topic.objects.get(merged_into__isnull=False)
    assert _stored_topic(merged)["post_count"] == 0
    assert _stored_topic(merged)["like_count"] == 0


def test_community_activity_counter_matches_the_recount(busy_world):
    kept = dict(Community.objects.values_list("pk", "posts_last_30_days"))
    assert kept == _expected_activity()
    assert recount_community_activity() == 0, "the recount changed a counter the services should have kept"
    assert dict(Community.objects.values_list("pk", "posts_last_30_days")) == kept


def test_the_recount_ignores_posts_older_than_thirty_days(busy_world):
    first = busy_world["communities"][0]
    Post.objects.filter(topic__community=first).update(created_at=timezone.now() - datetime.timedelta(days=31))
    recount_community_activity()
    assert Community.objects.get(pk=first.pk).posts_last_30_days == 0
