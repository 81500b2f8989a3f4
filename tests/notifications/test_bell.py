"""The bell counts exactly what the notifications page lists, and both cost the same however many notifications
of however many kinds there are."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practica.discussions.models import Post
from practica.discussions.services.posting import reply, start_topic
from practica.experts.services.requests import submit_speaker_request
from practica.meetings.services.meetings import create_meeting
from practica.messaging.services import leave_conversation, send_message, start_conversation
from practica.notifications.choices import NotificationKind
from practica.notifications.queries import count_unread
from practica.notifications.services.delivery import notify
from tests.factories import UserFactory, add_member
from tests.helpers import queries_for
from tests.notifications.conftest import settle

LIST = reverse("notifications:list")
BELL = reverse("notifications:unread-count")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _listed(client) -> int:
    return client.get(LIST).content.decode().count('<li class="notification')


def test_the_bell_counts_only_what_the_page_lists(nw):
    bob, alice = nw["bob"], nw["alice"]
    topic = start_topic(author=alice, community=nw["open"], title="Ruptures and repairs", body="Hi.").post.topic
    reply(author=alice, topic=topic, body=f"@{bob.handle} your view, please.")
    conversation = start_conversation(sender=alice, recipients=[bob], body="A private word.")
    settle()
    client = _client(bob)
    assert count_unread(bob) == 2
    assert '<span class="bell-count">2<' in client.get(BELL).content.decode()

    leave_conversation(user=bob, conversation=conversation)
    assert count_unread(bob) == 1
    page = client.get(LIST).content.decode()
    assert "Ruptures and repairs" in page and "A private word" not in page

    # The topic's opening post is held for review: the topic disappears for Bob, and so does its notification.
    Post.objects.filter(topic=topic, number=1).update(awaiting_review=True)
    assert count_unread(bob) == 0
    assert "Ruptures and repairs" not in client.get(LIST).content.decode()


def _mixed_notifications(nw, count: int) -> None:
    """`count` notifications about posts, messages, meetings and speaker requests, in turn."""
    bob, alice = nw["bob"], nw["alice"]
    topic = start_topic(author=alice, community=nw["closed"], title="Query budget", body="Hi.").post.topic
    conversation = start_conversation(sender=alice, recipients=[bob], body="Hello.")
    meeting = create_meeting(
        community=nw["closed"],
        title="Peer supervision",
        starts_at=timezone.now() + timedelta(days=3),
        created_by=_champion(nw),
    ).occurrences.get()
    speaker_request = submit_speaker_request(requester=bob, community=nw["closed"], topic="Grief", why="Many of us.")
    settle()
    for number in range(count):
        turn = number % 4
        if turn == 0:
            target = reply(author=alice, topic=topic, body=f"More {number}.").post
            kind, community, title = NotificationKind.REPLY, nw["closed"].pk, "Query budget"
        elif turn == 1:
            target = send_message(sender=alice, conversation=conversation, body=f"Message {number}.")
            kind, community, title = NotificationKind.MESSAGE, None, f"Message {number}"
            # Private text never travels in a notification: messages carry no excerpt.
        elif turn == 2:
            target, kind, community, title = meeting, NotificationKind.MEETING, nw["closed"].pk, "Peer supervision"
        else:
            target, kind, community, title = speaker_request, NotificationKind.SPEAKER_REQUEST, nw["closed"].pk, "Grief"
        notify(
            recipient=bob,
            kind=kind,
            target=target,
            community_id=community,
            actor=alice,
            snapshot={"title": title, "excerpt": "" if turn == 1 else f"News {number}.", "url": "/"},
        )


def _champion(nw):
    champion = UserFactory(display_name="Chris Champion")
    add_member(nw["closed"], champion, role="champion")
    return champion


def test_the_page_and_the_bell_cost_the_same_with_one_of_each_kind_and_with_50(nw):
    client = _client(nw["bob"])
    _mixed_notifications(nw, 4)
    page_with_one, bell_with_one = queries_for(client, LIST), queries_for(client, BELL)
    _mixed_notifications(nw, 46)
    assert count_unread(nw["bob"]) >= 50
    assert queries_for(client, LIST) == page_with_one
    assert queries_for(client, BELL) == bell_with_one
    assert _listed(client) == 30
