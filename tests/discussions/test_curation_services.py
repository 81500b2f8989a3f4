"""Pin, close, archive, move, split and merge (services/curation.py): the rules, and what members see after."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from practica.core.models import AuditEntry
from practica.discussions import queries
from practica.discussions.choices import TopicAction
from practica.discussions.models import Post, Topic, TopicEvent
from practica.discussions.services.curation import (
    merge_topics,
    move_topic,
    set_archived,
    set_closed,
    set_pinned,
    split_topic,
)
from practica.discussions.services.posting import PostingError, reply, start_topic
from tests.factories import CommunityFactory, UserFactory, add_member


@pytest.fixture
def place(db, staff):
    open_community = CommunityFactory(name="Online and Telephone Therapy")
    closed_community = CommunityFactory(name="Supervisors' Circle", membership="closed")
    champion = UserFactory(display_name="Tom Reid")
    reader = UserFactory(display_name="Rae Reader")
    add_member(open_community, champion, role="champion")
    add_member(closed_community, champion, role="champion")
    add_member(open_community, reader)
    topic = start_topic(
        author=reader, community=open_community, title="Contracting for online work", body="What goes in yours?"
    ).post.topic
    for number in range(2, 7):
        reply(author=champion if number % 2 else reader, topic=topic, body=f"Reply {number}")
    return {
        "open": open_community,
        "closed": closed_community,
        "champion": champion,
        "reader": reader,
        "topic": topic,
        "staff": staff,
    }


def test_a_champion_pins_a_topic_in_the_community(place):
    topic = set_pinned(actor=place["champion"], topic=place["topic"], pinned=True)
    assert topic.pinned_at is not None and not topic.pinned_site_wide
    assert TopicEvent.objects.filter(topic=topic, action=TopicAction.PINNED, actor=place["champion"]).exists()


def test_only_staff_pin_site_wide(place):
    with pytest.raises(PermissionDenied):
        set_pinned(actor=place["champion"], topic=place["topic"], pinned=True, site_wide=True)
    place["topic"].refresh_from_db()
    assert place["topic"].pinned_at is None
    topic = set_pinned(actor=place["staff"], topic=place["topic"], pinned=True, site_wide=True)
    assert topic.pinned_site_wide
    assert list(queries.site_pinned_topics(place["reader"])) == [topic]


def test_unpinning_clears_the_site_wide_pin(place):
    set_pinned(actor=place["staff"], topic=place["topic"], pinned=True, site_wide=True)
    topic = set_pinned(actor=place["champion"], topic=place["topic"], pinned=False)
    assert topic.pinned_at is None and not topic.pinned_site_wide


def test_a_member_who_is_not_a_champion_cannot_pin_close_or_archive(place):
    for action in (
        lambda: set_pinned(actor=place["reader"], topic=place["topic"], pinned=True),
        lambda: set_closed(actor=place["reader"], topic=place["topic"], closed=True, reason="Enough"),
        lambda: set_archived(actor=place["reader"], topic=place["topic"], archived=True),
    ):
        with pytest.raises(PermissionDenied):
            action()
    assert not TopicEvent.objects.exists()


def test_closing_needs_a_reason(place):
    with pytest.raises(PostingError) as refusal:
        set_closed(actor=place["champion"], topic=place["topic"], closed=True, reason="   ")
    assert refusal.value.field == "reason"
    place["topic"].refresh_from_db()
    assert place["topic"].closed_at is None


def test_a_closed_topic_refuses_replies_and_says_why(place):
    set_closed(actor=place["champion"], topic=place["topic"], closed=True, reason="This has run its course.")
    with pytest.raises(PostingError, match=r"This has run its course\."):
        reply(author=place["reader"], topic=place["topic"], body="One more thing")
    event = TopicEvent.objects.get(topic=place["topic"], action=TopicAction.CLOSED)
    assert event.note == "This has run its course."
    assert AuditEntry.objects.filter(action="topic.closed", target_id=str(place["topic"].pk)).exists()


def test_reopening_lets_members_reply_again(place):
    set_closed(actor=place["champion"], topic=place["topic"], closed=True, reason="Pausing for a week.")
    topic = set_closed(actor=place["champion"], topic=place["topic"], closed=False)
    assert topic.close_reason == ""
    assert reply(author=place["reader"], topic=topic, body="Back again").created


def test_an_archived_topic_refuses_replies_until_unarchived(place):
    set_archived(actor=place["champion"], topic=place["topic"], archived=True)
    with pytest.raises(PermissionDenied):
        reply(author=place["reader"], topic=place["topic"], body="Late reply")
    set_archived(actor=place["champion"], topic=place["topic"], archived=False)
    assert reply(author=place["reader"], topic=place["topic"], body="Late reply").created


def test_moving_into_a_closed_community_hides_the_topic_from_members_who_are_not_in_it(place):
    assert queries.get_topic_for(place["reader"], place["topic"].pk) == place["topic"]
    move_topic(actor=place["champion"], topic=place["topic"], to_community=place["closed"])
    with pytest.raises(Http404):
        queries.get_topic_for(place["reader"], place["topic"].pk)
    assert not Post.objects.visible_to(place["reader"]).filter(topic=place["topic"]).exists()
    assert queries.get_topic_for(place["champion"], place["topic"].pk).community == place["closed"]


def test_moving_is_only_into_communities_the_actor_belongs_to(place):
    elsewhere = CommunityFactory(name="Rural Isolation")
    with pytest.raises(PermissionDenied):
        move_topic(actor=place["champion"], topic=place["topic"], to_community=elsewhere)
    moved = move_topic(actor=place["staff"], topic=place["topic"], to_community=elsewhere)
    assert moved.community == elsewhere


def test_moving_into_the_same_community_is_refused(place):
    with pytest.raises(PostingError):
        move_topic(actor=place["champion"], topic=place["topic"], to_community=place["open"])


def test_splitting_renumbers_the_chosen_replies_from_one_in_their_order(place):
    topic = place["topic"]
    chosen = list(topic.posts.filter(number__in=[5, 3, 6]).values_list("pk", flat=True))
    new_topic = split_topic(actor=place["champion"], topic=topic, post_ids=chosen, title="Endings online")
    moved = list(new_topic.posts.order_by("number").values_list("number", "body"))
    assert moved == [(1, "Reply 3"), (2, "Reply 5"), (3, "Reply 6")]
    assert list(topic.posts.order_by("number").values_list("number", flat=True)) == [1, 2, 4]
    topic.refresh_from_db()
    assert (topic.post_count, topic.next_post_number) == (3, 5)
    assert (new_topic.post_count, new_topic.next_post_number) == (3, 4)
    assert new_topic.community == topic.community
    assert TopicEvent.objects.filter(topic=topic, action=TopicAction.SPLIT).exists()


def test_the_opening_post_stays_with_its_topic(place):
    opening = place["topic"].posts.get(number=1)
    with pytest.raises(PostingError):
        split_topic(actor=place["champion"], topic=place["topic"], post_ids=[opening.pk], title="Not allowed")


def test_merging_keeps_every_post_and_the_old_topic_leads_to_the_new_one(place):
    other = start_topic(
        author=place["reader"], community=place["open"], title="Online contracts again", body="Same question"
    ).post.topic
    reply(author=place["champion"], topic=other, body="See the other topic")
    before = set(Post.objects.filter(topic__in=[place["topic"], other]).values_list("pk", "body"))
    into = merge_topics(actor=place["champion"], source=other, into=place["topic"])
    assert set(Post.objects.filter(topic=into).values_list("pk", "body")) == before
    assert list(into.posts.order_by("number").values_list("number", flat=True)) == list(range(1, 9))
    assert into.post_count == 8
    other.refresh_from_db()
    assert other.merged_into == into and other.post_count == 0
    assert queries.get_topic_for(place["reader"], other.pk) == into
    assert not Topic.objects.visible_to(place["reader"]).filter(pk=other.pk).exists()


def test_merging_across_communities_is_refused(place):
    elsewhere = start_topic(
        author=place["champion"], community=place["closed"], title="A closed conversation", body="Confidential"
    ).post.topic
    with pytest.raises(PostingError):
        merge_topics(actor=place["champion"], source=elsewhere, into=place["topic"])
    assert elsewhere.posts.count() == 1
