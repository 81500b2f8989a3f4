"""Watch levels and their defaults, and the fan-out to watchers: batched, bounded, and free for the poster."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practica.accounts.services.blocks import block_member
from practica.communities.services.membership import leave_community
from practica.discussions.services.posting import reply, start_topic
from practica.notifications.choices import NotificationKind, WatchLevel
from practica.notifications.models import CommunityWatch, Notification, TopicWatch
from practica.notifications.services import activity
from practica.notifications.services.watching import set_community_watch, set_topic_watch
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.notifications.conftest import notes_for, settle


def _topic(nw, community="open"):
    return start_topic(
        author=nw["alice"], community=nw[community], title="Supervision costs", body="What do you pay?"
    ).post.topic


def test_starting_a_topic_watches_it_and_replying_tracks_it(nw):
    topic = _topic(nw)
    reply(author=nw["bob"], topic=topic, body="Sixty pounds.")
    settle()
    assert TopicWatch.objects.get(user=nw["alice"], topic=topic).level == WatchLevel.WATCHING
    assert TopicWatch.objects.get(user=nw["bob"], topic=topic).level == WatchLevel.TRACKING


def test_replying_keeps_a_level_the_member_chose(nw):
    topic = _topic(nw)
    set_topic_watch(user=nw["bob"], topic=topic, level=WatchLevel.WATCHING)
    reply(author=nw["bob"], topic=topic, body="Sixty pounds.")
    settle()
    assert TopicWatch.objects.get(user=nw["bob"], topic=topic).level == WatchLevel.WATCHING


def test_watching_a_community_tells_of_new_topics_and_every_post(nw):
    set_community_watch(user=nw["carol"], community=nw["open"], level=WatchLevel.WATCHING)
    topic = _topic(nw)
    reply(author=nw["bob"], topic=topic, body="Sixty pounds.")
    settle()
    assert [n.kind for n in notes_for(nw["carol"])] == [NotificationKind.NEW_TOPIC, NotificationKind.NEW_POST]


@pytest.mark.parametrize("level", [WatchLevel.TRACKING, WatchLevel.NORMAL, WatchLevel.MUTED])
def test_other_community_levels_are_not_told_of_every_post(nw, level):
    set_community_watch(user=nw["carol"], community=nw["open"], level=level)
    topic = _topic(nw)
    reply(author=nw["bob"], topic=topic, body="Sixty pounds.")
    settle()
    assert notes_for(nw["carol"]) == []


def test_a_topic_level_overrides_the_communitys(nw):
    set_community_watch(user=nw["carol"], community=nw["open"], level=WatchLevel.WATCHING)
    topic = _topic(nw)
    set_topic_watch(user=nw["carol"], topic=topic, level=WatchLevel.NORMAL)
    reply(author=nw["bob"], topic=topic, body="Sixty pounds.")
    settle()
    assert [n.kind for n in notes_for(nw["carol"])] == [NotificationKind.NEW_TOPIC]


def test_muting_wins_even_over_a_mention_or_a_reply(nw):
    topic = _topic(nw)
    set_topic_watch(user=nw["alice"], topic=topic, level=WatchLevel.MUTED)
    set_community_watch(user=nw["carol"], community=nw["open"], level=WatchLevel.MUTED)
    set_topic_watch(user=nw["carol"], topic=topic, level=WatchLevel.WATCHING)
    reply(author=nw["bob"], topic=topic, body=f"@{nw['carol'].handle} @{nw['alice'].handle} what do you think?")
    settle()
    assert notes_for(nw["alice"]) == [] and notes_for(nw["carol"]) == []


def test_watchers_who_blocked_the_author_or_cannot_read_are_left_out(nw):
    outsider = UserFactory()
    add_member(nw["closed"], outsider)
    set_community_watch(user=outsider, community=nw["closed"], level=WatchLevel.WATCHING)
    set_community_watch(user=nw["carol"], community=nw["closed"], level=WatchLevel.WATCHING)
    leave_community(user=outsider, community=nw["closed"])
    CommunityWatch.objects.get_or_create(user=outsider, community=nw["closed"], defaults={"level": "watching"})
    set_community_watch(user=nw["bob"], community=nw["closed"], level=WatchLevel.WATCHING)
    block_member(blocker=nw["bob"], blocked=nw["alice"])
    _topic(nw, community="closed")
    settle()
    assert [n.kind for n in notes_for(nw["carol"])] == [NotificationKind.NEW_TOPIC]
    assert notes_for(outsider) == [] and notes_for(nw["bob"]) == []


def test_leaving_a_closed_community_forgets_what_the_member_followed_there(nw):
    topic = _topic(nw, community="closed")
    set_community_watch(user=nw["bob"], community=nw["closed"], level=WatchLevel.WATCHING)
    set_topic_watch(user=nw["bob"], topic=topic, level=WatchLevel.WATCHING)
    leave_community(user=nw["bob"], community=nw["closed"])
    settle()
    assert not CommunityWatch.objects.filter(user=nw["bob"]).filter(community=nw["closed"]).exists()
    assert not TopicWatch.objects.filter(user=nw["bob"], topic=topic).exists()


def test_an_unknown_level_is_refused(nw):
    from practica.notifications.services.watching import WatchError

    with pytest.raises(WatchError):
        set_community_watch(user=nw["bob"], community=nw["open"], level="loud")


def _watched_community(count: int):
    community = CommunityFactory(name=f"Big {count}")
    author = UserFactory()
    add_member(community, author)
    watchers = UserFactory.create_batch(count)
    CommunityWatch.objects.bulk_create(
        CommunityWatch(user=user, community=community, level=WatchLevel.WATCHING) for user in watchers
    )
    return community, author


def test_the_fan_out_runs_in_batches_of_bounded_queries(db):
    community, author = _watched_community(7)
    post = start_topic(author=author, community=community, title="Busy topic", body="Everyone hears.").post
    settle()
    Notification.objects.all().delete()
    cursor, batches, query_counts = 0, 0, []
    while cursor is not None:
        with CaptureQueriesContext(connection) as queries:
            cursor = activity.fan_out_batch(post.pk, cursor, batch_size=3)
        query_counts.append(len(queries.captured_queries))
        batches += 1
    assert batches == 3
    assert Notification.objects.filter(kind=NotificationKind.NEW_TOPIC).count() == 7
    assert max(query_counts) <= 12
    # Running the batches again (a retried task) creates nobody twice.
    assert activity.fan_out_batch(post.pk, 0, batch_size=10) is None
    assert Notification.objects.count() == 7


def test_a_big_fan_out_continues_in_follow_up_tasks(db, monkeypatch):
    monkeypatch.setattr(activity, "FAN_OUT_BATCH", 4)
    monkeypatch.setattr(activity.fan_out_batch, "__kwdefaults__", {"batch_size": 4})
    community, author = _watched_community(10)
    start_topic(author=author, community=community, title="Busy topic", body="Everyone hears.")
    settle()
    assert Notification.objects.filter(kind=NotificationKind.NEW_TOPIC).count() == 10


def test_posting_costs_the_same_with_many_watchers_as_with_none(db):
    quiet, quiet_author = _watched_community(0)
    busy, busy_author = _watched_community(300)

    def cost(community, author):
        topic = start_topic(author=author, community=community, title="A topic here", body="First.").post.topic
        with CaptureQueriesContext(connection) as queries:
            reply(author=author, topic=topic, body="Second.")
        return len(queries.captured_queries)

    assert cost(busy, busy_author) == cost(quiet, quiet_author)
