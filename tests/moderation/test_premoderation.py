"""Advertising pre-moderation: a post with a listed word or domain is held, its author told, nobody else sees
or counts it, and a moderator approves (it appears) or rejects it (deleted, author messaged)."""

import pytest
from django.urls import reverse

from practica.discussions.models import Post, Topic
from practica.discussions.services import safety
from practica.discussions.services.posting import reply, start_topic
from practica.moderation.choices import ItemKind, ItemStatus
from practica.moderation.models import ModerationSettings, ReviewItem
from practica.moderation.services import premoderation
from practica.moderation.services.queue import AlreadyResolved
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks


@pytest.fixture
def place(db, member):
    ModerationSettings.objects.filter(pk=ModerationSettings.current().pk).update(
        advertising_words="discount\nbook now", advertising_domains="cheap-courses.example"
    )
    community = CommunityFactory(name="Open Practice")
    author = UserFactory(display_name="Alex Author")
    add_member(community, author)
    add_member(community, member)
    topic = start_topic(author=author, community=community, title="Endings with clients", body="How?").post.topic
    return {"community": community, "topic": topic, "author": author}


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("Big DISCOUNT on supervision", True),
        ("Please book now, places are limited", True),
        ("See https://cheap-courses.example/offer", True),
        ("See www.shop.cheap-courses.example today", True),
        ("Wholesale discounting is a wider subject", False),
        ("notcheap-courses.example is a different site", False),
        ("A plain reply about endings", False),
    ],
)
def test_listed_words_and_domains_hold_a_post_and_nothing_else_does(text, held, place):
    rules = premoderation.hold_rules()
    assert safety.should_hold(text, rules) is held


def test_a_held_reply_is_not_counted_or_announced_and_opens_a_premod_item(place, member):
    topic = place["topic"]
    outcome = reply(author=member, topic=topic, body="A discount on my course!")
    assert outcome.held_for_review
    topic.refresh_from_db()
    assert topic.post_count == 1
    assert topic.last_poster_id == place["author"].pk
    run_pending_tasks()
    item = ReviewItem.objects.get(kind=ItemKind.PRE_MODERATION)
    assert item.target == outcome.post
    assert item.author == member
    assert item.community == place["community"]


def test_the_author_is_told_on_submit_and_others_do_not_see_the_text(place, member, member_client, other_member):
    topic = place["topic"]
    response = member_client.post(
        reverse("discussions:reply", args=[topic.pk]),
        {"body": "A discount on my course!", "idempotency_key": "k1"},
        follow=True,
    )
    page = response.content.decode()
    assert "Your post is waiting for a moderator to review it." in page
    assert "A discount on my course!" in page  # the author sees their own post
    add_member(place["community"], other_member)
    from django.test import Client

    other = Client()
    other.force_login(other_member)
    page = other.get(reverse("discussions:topic", args=[topic.pk])).content.decode()
    assert "A discount on my course!" not in page
    listing = other.get(reverse("discussions:topic-list", args=[place["community"].pk])).content.decode()
    assert "A discount on my course!" not in listing


def test_champions_moderators_and_staff_are_not_held(place, moderator):
    add_member(place["community"], moderator)
    outcome = reply(author=moderator, topic=place["topic"], body="A discount for members, from the team")
    assert not outcome.held_for_review


def test_approving_shows_and_counts_the_post(place, member, moderator):
    post = reply(author=member, topic=place["topic"], body="A discount on my course!").post
    item = premoderation.open_premoderation_item(post_id=post.pk)

    premoderation.approve_held_post(actor=moderator, item=item)

    post.refresh_from_db()
    topic = Topic.objects.get(pk=place["topic"].pk)
    assert not post.awaiting_review
    assert topic.post_count == 2
    assert topic.last_poster_id == member.pk
    assert ReviewItem.objects.get(pk=item.pk).status == ItemStatus.RESOLVED
    with pytest.raises(AlreadyResolved):
        premoderation.approve_held_post(actor=moderator, item=item)
    assert Topic.objects.get(pk=topic.pk).post_count == 2


def test_rejecting_deletes_the_post_and_messages_the_author(
    place, member, moderator, django_capture_on_commit_callbacks
):
    from practica.core import events

    sent = []
    events.subscribes("moderation.message")(lambda **payload: sent.append(payload))
    post = reply(author=member, topic=place["topic"], body="Book now at cheap-courses.example").post
    item = premoderation.open_premoderation_item(post_id=post.pk)

    premoderation.reject_held_post(actor=moderator, item=item, note="No adverts, please.")
    run_pending_tasks()

    post.refresh_from_db()
    assert post.deleted_at is not None
    assert Topic.objects.get(pk=place["topic"].pk).post_count == 1
    assert any(m["recipient_id"] == member.pk and "No adverts, please." in m["body"] for m in sent)


def test_a_held_new_topic_is_announced_only_when_approved(place, member, moderator):
    outcome = start_topic(author=member, community=place["community"], title="Spring offer", body="Huge discount")
    assert outcome.held_for_review
    topic = outcome.post.topic
    assert topic.post_count == 0
    item = premoderation.open_premoderation_item(post_id=outcome.post.pk)
    premoderation.reject_held_post(actor=moderator, item=item)
    assert not Topic.objects.filter(pk=topic.pk).exists()
    assert not Post.objects.filter(pk=outcome.post.pk).exists()


def test_the_approve_button_works_from_the_queue_item(place, member, moderator_client):
    post = reply(author=member, topic=place["topic"], body="A discount on my course!").post
    item = premoderation.open_premoderation_item(post_id=post.pk)
    page = moderator_client.get(reverse("moderation:item", args=[item.pk])).content.decode()
    assert "Held for review" in page
    response = moderator_client.post(reverse("moderation:held-post-decide", args=[item.pk]), {"decision": "approve"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert not post.awaiting_review


def test_members_cannot_decide_held_posts(place, member, member_client):
    post = reply(author=member, topic=place["topic"], body="A discount on my course!").post
    item = premoderation.open_premoderation_item(post_id=post.pk)
    response = member_client.post(reverse("moderation:held-post-decide", args=[item.pk]), {"decision": "approve"})
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.awaiting_review
