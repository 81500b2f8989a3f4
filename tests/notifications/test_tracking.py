"""Tracking differs from normal in what a member sees in topic lists: "N new" counts appear only for topics they
track or watch (by the topic's own level, or else their community's), never for muted ones."""

from django.test import Client
from django.urls import reverse

from practica.discussions.services.engagement import mark_read
from practica.discussions.services.posting import reply, start_topic
from practica.notifications.choices import WatchLevel
from practica.notifications.services.watching import set_community_watch, set_topic_watch
from tests.notifications.conftest import settle


def _list_html(nw, user) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("discussions:topic-list", args=[nw["open"].pk])).content.decode()


def _topic_with_two_unread(nw):
    topic = start_topic(author=nw["alice"], community=nw["open"], title="Ending well", body="Hi.").post.topic
    mark_read(user=nw["bob"], topic=topic, up_to=1)
    reply(author=nw["alice"], topic=topic, body="A second thought.")
    reply(author=nw["alice"], topic=topic, body="And a third.")
    settle()
    return topic


def test_a_normal_topic_shows_no_unread_count_and_a_tracked_one_does(nw):
    topic = _topic_with_two_unread(nw)
    html = _list_html(nw, nw["bob"])
    assert "Ending well" in html and "2 new" not in html
    set_topic_watch(user=nw["bob"], topic=topic, level=WatchLevel.TRACKING)
    assert "2 new" in _list_html(nw, nw["bob"])
    set_topic_watch(user=nw["bob"], topic=topic, level=WatchLevel.WATCHING)
    assert "2 new" in _list_html(nw, nw["bob"])


def test_tracking_a_community_counts_its_topics_unless_one_is_muted(nw):
    topic = _topic_with_two_unread(nw)
    set_community_watch(user=nw["bob"], community=nw["open"], level=WatchLevel.TRACKING)
    assert "2 new" in _list_html(nw, nw["bob"])
    # The topic's own level comes first.
    set_topic_watch(user=nw["bob"], topic=topic, level=WatchLevel.NORMAL)
    assert "2 new" not in _list_html(nw, nw["bob"])
    set_topic_watch(user=nw["bob"], topic=topic, level=WatchLevel.MUTED)
    assert "2 new" not in _list_html(nw, nw["bob"])


def test_muting_the_community_hides_the_count_of_a_tracked_topic(nw):
    topic = _topic_with_two_unread(nw)
    set_topic_watch(user=nw["bob"], topic=topic, level=WatchLevel.TRACKING)
    set_community_watch(user=nw["bob"], community=nw["open"], level=WatchLevel.MUTED)
    assert "2 new" not in _list_html(nw, nw["bob"])


def test_replying_tracks_the_topic_so_its_new_posts_are_counted(nw):
    topic = start_topic(author=nw["alice"], community=nw["open"], title="Ending well", body="Hi.").post.topic
    reply(author=nw["bob"], topic=topic, body="My view.")
    settle()
    mark_read(user=nw["bob"], topic=topic, up_to=2)
    reply(author=nw["alice"], topic=topic, body="Thanks.")
    settle()
    assert "1 new" in _list_html(nw, nw["bob"])
