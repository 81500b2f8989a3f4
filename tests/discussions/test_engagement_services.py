"""The engagement services behind the reading pages: likes, polls, bookmarks and read state."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from practica.discussions.models import Bookmark, Like, Poll, PollVote, ReadState
from practica.discussions.services.engagement import (
    PollSpec,
    add_poll,
    can_see_poll_results,
    mark_community_read,
    mark_read,
    remove_bookmark,
    save_bookmark,
    toggle_like,
    vote,
)
from practica.discussions.services.posting import PostingError, recount_topic, reply, start_topic
from tests.factories import CommunityFactory, UserFactory, add_member


@pytest.fixture
def place(db):
    community = CommunityFactory(name="Closed Circle", membership="closed")
    author, reader = UserFactory(display_name="Alex Author"), UserFactory(display_name="Rae Reader")
    add_member(community, author)
    add_member(community, reader)
    topic = start_topic(author=author, community=community, title="Working with grief", body="Opening").post.topic
    post = reply(author=author, topic=topic, body="A reply").post
    return {"community": community, "author": author, "reader": reader, "topic": topic, "post": post}


def _poll(place, **spec):
    return add_poll(
        author=place["author"], topic=place["topic"], spec=PollSpec(question="How often?", options=["A", "B"], **spec)
    )


# Likes.


def test_liking_twice_takes_the_like_back_and_the_counters_follow(place):
    assert toggle_like(user=place["reader"], post=place["post"]) is True
    place["post"].refresh_from_db()
    assert place["post"].like_count == 1
    assert toggle_like(user=place["reader"], post=place["post"]) is False
    place["post"].refresh_from_db()
    place["topic"].refresh_from_db()
    assert (place["post"].like_count, place["topic"].like_count, Like.objects.count()) == (0, 0, 0)


def test_like_counters_match_a_recount(place):
    for _ in range(3):
        person = UserFactory()
        add_member(place["community"], person)
        toggle_like(user=person, post=place["post"])
    place["topic"].refresh_from_db()
    assert place["topic"].like_count == 3
    assert recount_topic(place["topic"]).like_count == 3


def test_authors_cannot_like_their_own_post(place):
    with pytest.raises(PermissionDenied):
        toggle_like(user=place["author"], post=place["post"])


def test_outsiders_cannot_like_a_post_in_a_closed_community(place):
    with pytest.raises(PermissionDenied):
        toggle_like(user=UserFactory(), post=place["post"])
    assert not Like.objects.exists()


# Polls.


def test_a_vote_counts_once_and_can_be_changed(place):
    poll = _poll(place)
    first, second = poll.options.order_by("position")
    vote(user=place["reader"], poll=poll, option_ids=[first.pk])
    vote(user=place["reader"], poll=poll, option_ids=[second.pk])
    poll.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (poll.voter_count, first.vote_count, second.vote_count) == (1, 0, 1)


def test_a_multiple_choice_vote_counts_each_option_and_one_voter(place):
    poll = _poll(place, multiple_choice=True)
    vote(user=place["reader"], poll=poll, option_ids=list(poll.options.values_list("pk", flat=True)))
    poll.refresh_from_db()
    assert poll.voter_count == 1 and PollVote.objects.count() == 2


def test_a_single_choice_poll_refuses_two_options(place):
    poll = _poll(place)
    with pytest.raises(PostingError, match="only one"):
        vote(user=place["reader"], poll=poll, option_ids=list(poll.options.values_list("pk", flat=True)))


def test_an_option_of_another_poll_is_refused(place):
    poll = _poll(place)
    other_topic = start_topic(author=place["author"], community=place["community"], title="Other poll", body="x")
    other = add_poll(
        author=place["author"], topic=other_topic.post.topic, spec=PollSpec(question="Q", options=["X", "Y"])
    )
    with pytest.raises(PostingError):
        vote(user=place["reader"], poll=poll, option_ids=[other.options.first().pk])


def test_a_closed_poll_refuses_votes(place):
    poll = _poll(place)
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(PostingError, match="closed"):
        vote(user=place["reader"], poll=poll, option_ids=[poll.options.first().pk])


def test_outsiders_cannot_vote_in_a_closed_community(place):
    poll = _poll(place)
    with pytest.raises(PermissionDenied):
        vote(user=UserFactory(), poll=poll, option_ids=[poll.options.first().pk])


def test_results_show_after_voting_or_only_after_closing_as_the_poll_says(place):
    poll = _poll(place)
    poll = Poll.objects.select_related("topic").get(pk=poll.pk)
    assert not can_see_poll_results(place["reader"], poll, has_voted=False)
    assert can_see_poll_results(place["reader"], poll, has_voted=True)
    assert can_see_poll_results(place["author"], poll, has_voted=False)  # the topic's author always sees them
    poll.results = "after_close"
    assert not can_see_poll_results(place["reader"], poll, has_voted=True)
    poll.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    assert can_see_poll_results(place["reader"], poll, has_voted=False)


# Bookmarks.


def test_saving_a_bookmark_again_updates_it(place):
    save_bookmark(user=place["reader"], post=place["post"], note="First")
    later = timezone.now() + datetime.timedelta(days=1)
    bookmark = save_bookmark(user=place["reader"], post=place["post"], note="  Second  ", remind_at=later)
    assert Bookmark.objects.count() == 1
    assert (bookmark.note, bookmark.remind_at) == ("Second", later)


def test_a_bookmark_reminder_must_be_in_the_future(place):
    with pytest.raises(PostingError):
        save_bookmark(user=place["reader"], post=place["post"], remind_at=timezone.now() - datetime.timedelta(hours=1))


def test_outsiders_cannot_bookmark_a_post_they_cannot_see(place):
    with pytest.raises(PermissionDenied):
        save_bookmark(user=UserFactory(), post=place["post"])


def test_only_the_owner_removes_a_bookmark(place):
    bookmark = save_bookmark(user=place["reader"], post=place["post"])
    remove_bookmark(user=place["author"], bookmark=bookmark)
    assert Bookmark.objects.filter(pk=bookmark.pk).exists()
    remove_bookmark(user=place["reader"], bookmark=bookmark)
    assert not Bookmark.objects.exists()


# Read state.


def test_the_read_position_only_moves_forward(place):
    mark_read(user=place["reader"], topic=place["topic"], up_to=2)
    mark_read(user=place["reader"], topic=place["topic"], up_to=1)
    assert ReadState.objects.get(user=place["reader"], topic=place["topic"]).last_read_number == 2


def test_mark_community_read_covers_every_visible_topic_and_only_those(place):
    other = start_topic(author=place["author"], community=place["community"], title="Second topic", body="x")
    elsewhere = CommunityFactory(name="Elsewhere", membership="closed")
    hidden_author = UserFactory()
    add_member(elsewhere, hidden_author)
    start_topic(author=hidden_author, community=elsewhere, title="Not visible", body="x")
    mark_read(user=place["reader"], topic=place["topic"], up_to=1)
    assert mark_community_read(user=place["reader"], community=place["community"]) == 2
    states = dict(ReadState.objects.filter(user=place["reader"]).values_list("topic_id", "last_read_number"))
    assert states == {place["topic"].pk: 2, other.post.topic.pk: 1}
    assert mark_community_read(user=place["reader"], community=place["community"]) == 0
