"""The pile-on signal (N distinct members replying to or mentioning one member in flagged posts within T
minutes puts the topic in slow mode and alerts the Lead), and slow mode itself."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from practica.core.models import OutboxEmail
from practica.discussions.models import Topic
from practica.discussions.services import safety
from practica.discussions.services.posting import PostingError, reply, start_topic
from practica.moderation.choices import ItemKind
from practica.moderation.models import Flag, ModerationSettings, ReviewItem
from practica.moderation.services.pileon import check_pile_on
from tests.factories import CommunityFactory, UserFactory, add_member


@pytest.fixture
def topic(db):
    community = CommunityFactory(name="Open Practice")
    target = UserFactory(display_name="Tara Target")
    add_member(community, target)
    topic = start_topic(author=target, community=community, title="My view on endings", body="Here it is.").post.topic
    return topic


def _pile(topic, count):
    """`count` members each reply to the topic's opening post, and each reply is flagged."""
    opening = topic.posts.get(number=1)
    flagger = UserFactory(display_name="Fran Flagger")
    add_member(topic.community, flagger)
    flags = []
    for n in range(count):
        person = UserFactory(display_name=f"Piler {n}")
        add_member(topic.community, person)
        post = reply(author=person, topic=topic, body=f"You are wrong ({n})", reply_to=opening).post
        from django.contrib.contenttypes.models import ContentType

        flags.append(
            Flag.objects.create(
                content_type=ContentType.objects.get_for_model(post),
                object_id=post.pk,
                flagger=flagger,
                reason="bullying",
            )
        )
    return flags


def test_a_pile_on_at_the_configured_number_puts_the_topic_in_slow_mode_and_alerts_the_lead(topic, settings):
    settings.LEAD_EMAIL = "lead@association.example"
    current = ModerationSettings.current()
    flags = _pile(topic, current.pile_on_members)

    item = check_pile_on(flag_id=flags[-1].pk)

    assert item is not None and item.kind == ItemKind.PILE_ON
    topic.refresh_from_db()
    assert topic.slow_mode_minutes == current.slow_mode_minutes
    assert topic.slow_mode_until > timezone.now() + datetime.timedelta(hours=current.slow_mode_hours - 1)
    email = OutboxEmail.objects.get(to_address="lead@association.example")
    assert "slow mode" in email.subject
    # Run again (a retried event): no second item, no second e-mail.
    check_pile_on(flag_id=flags[-1].pk)
    assert ReviewItem.objects.filter(kind=ItemKind.PILE_ON).count() == 1
    assert OutboxEmail.objects.count() == 1


def test_one_member_fewer_is_not_a_pile_on(topic):
    flags = _pile(topic, ModerationSettings.current().pile_on_members - 1)
    assert check_pile_on(flag_id=flags[-1].pk) is None
    topic.refresh_from_db()
    assert topic.slow_mode_until is None
    assert not ReviewItem.objects.filter(kind=ItemKind.PILE_ON).exists()


def test_replies_outside_the_time_window_do_not_count(topic):
    current = ModerationSettings.current()
    with time_machine.travel(timezone.now() - datetime.timedelta(minutes=current.pile_on_minutes * 3), tick=False):
        _pile(topic, current.pile_on_members - 1)
    flags = _pile(topic, 1)
    assert check_pile_on(flag_id=flags[-1].pk) is None


@pytest.fixture
def slow_topic(topic):
    safety.set_slow_mode(topic=topic, minutes=15, until=timezone.now() + datetime.timedelta(hours=24))
    topic.refresh_from_db()
    return topic


def test_slow_mode_blocks_a_second_post_within_the_minutes_and_lets_it_through_after(slow_topic, member):
    add_member(slow_topic.community, member)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        reply(author=member, topic=slow_topic, body="First thought.")
    with time_machine.travel(start + datetime.timedelta(minutes=5), tick=False):
        with pytest.raises(PostingError) as refused:
            reply(author=member, topic=slow_topic, body="Second thought.")
        assert "slow mode" in str(refused.value)
        assert timezone.localtime(start + datetime.timedelta(minutes=15)).strftime("%H:%M") in str(refused.value)
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        assert reply(author=member, topic=slow_topic, body="Second thought.").created


def test_the_reply_page_shows_the_wait_next_to_the_reply_box(slow_topic, member, member_client):
    add_member(slow_topic.community, member)
    reply(author=member, topic=slow_topic, body="First thought.")
    response = member_client.post(
        reverse("discussions:reply", args=[slow_topic.pk]), {"body": "Second thought.", "idempotency_key": "k2"}
    )
    page = response.content.decode()
    assert "You can post again at" in page
    assert "Second thought." in page  # what they typed is kept
    assert Topic.objects.get(pk=slow_topic.pk).post_count == 2
    topic_page = member_client.get(reverse("discussions:topic", args=[slow_topic.pk])).content.decode()
    assert "You can post again at" in topic_page


def test_champions_are_exempt_from_slow_mode(slow_topic):
    champion = UserFactory()
    add_member(slow_topic.community, champion, role="champion")
    reply(author=champion, topic=slow_topic, body="One.")
    assert reply(author=champion, topic=slow_topic, body="Two.").created


def test_slow_mode_ends_when_its_time_is_up(slow_topic, member):
    add_member(slow_topic.community, member)
    reply(author=member, topic=slow_topic, body="One.")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25), tick=False):
        assert reply(author=member, topic=slow_topic, body="Two.").created
