"""Raising and withdrawing flags through the flag form, with each refusal said in words."""

import datetime

from django.urls import reverse
from django.utils import timezone

from practica.moderation.choices import FlagStatus, ItemStatus, Resolution
from practica.moderation.models import Flag, ReviewItem
from practica.moderation.services.flags import FlagError, raise_flag
from tests.moderation import test_flags_scene as _scene
from tests.moderation.test_flags_scene import SECRET, client_for

# The shared scene's fixtures, under their own names.
scene = _scene.scene


def _flag_url(target, label="discussions.post"):
    return reverse("moderation:flag", args=[label, target.pk])


def test_each_post_offers_a_flag_control_to_others_but_not_its_author(scene):
    topic_url = reverse("discussions:topic", args=[scene.topic.pk]) + "?page=1"
    assert _flag_url(scene.post) in client_for(scene.first).get(topic_url).content.decode()
    assert _flag_url(scene.post) not in client_for(scene.author).get(topic_url).content.decode()


def test_a_member_flags_a_post_and_is_thanked(scene):
    client = client_for(scene.first)
    page = client.get(_flag_url(scene.post))
    assert page.status_code == 200
    assert "Why are you flagging this?" in page.content.decode()
    assert SECRET not in page.content.decode()  # the form names the post, it never shows its text
    response = client.post(_flag_url(scene.post), {"reason": "off_topic"}, follow=True)
    assert "Thank you. Your flag is with the moderators." in response.content.decode()
    flag = Flag.objects.get(flagger=scene.first)
    assert flag.reason == "off_topic" and flag.weight == 1 and flag.status == FlagStatus.OPEN
    assert flag.review_item.status == ItemStatus.OPEN
    assert flag.review_item.community == scene.community


def test_flagging_twice_is_refused(scene):
    client = client_for(scene.first)
    client.post(_flag_url(scene.post), {"reason": "off_topic"})
    assert "You have already flagged this." in client.get(_flag_url(scene.post)).content.decode()
    again = client.post(_flag_url(scene.post), {"reason": "bullying"})
    assert "You have already flagged this." in again.content.decode()
    assert Flag.objects.filter(flagger=scene.first).count() == 1


def test_the_service_refuses_a_second_open_flag_too(scene):
    raise_flag(flagger=scene.first, target=scene.post, reason="off_topic")
    try:
        raise_flag(flagger=scene.first, target=scene.post, reason="off_topic")
    except FlagError as error:
        assert str(error) == "You have already flagged this."
    else:
        raise AssertionError("a second flag was accepted")


def test_flagging_ones_own_post_is_403_with_the_reason(scene):
    response = client_for(scene.author).get(_flag_url(scene.post))
    assert response.status_code == 403
    assert "You cannot flag your own post." in response.content.decode()


def test_something_else_needs_words_and_keeps_the_choice(scene):
    response = client_for(scene.first).post(_flag_url(scene.post), {"reason": "other", "details": "  "})
    page = response.content.decode()
    assert "Tell us what the problem is." in page
    assert 'value="other" id="id_reason_9" required checked' in page
    assert not Flag.objects.exists()


def test_something_you_cannot_see_is_404(scene, member):
    assert client_for(member).get(_flag_url(scene.post)).status_code == 404
    assert client_for(member).post(_flag_url(scene.post), {"reason": "off_topic"}).status_code == 404
    assert client_for(scene.first).get(reverse("moderation:flag", args=["auth.group", 1])).status_code == 404


def test_a_topic_and_a_profile_can_be_flagged(scene):
    client = client_for(scene.first)
    response = client.post(_flag_url(scene.topic, "discussions.topic"), {"reason": "off_topic"})
    assert response.status_code == 302
    response = client.post(_flag_url(scene.second, "accounts.user"), {"reason": "advertising"})
    assert response.status_code == 302
    assert Flag.objects.filter(flagger=scene.first).count() == 2
    assert ReviewItem.objects.get(object_id=scene.second.pk, content_type__model="user").community is None


def test_a_silenced_member_cannot_flag(scene):
    scene.first.silenced_until = timezone.now() + datetime.timedelta(days=1)
    scene.first.save(update_fields=["silenced_until"])
    assert client_for(scene.first).get(_flag_url(scene.post)).status_code == 403


def test_the_flagger_withdraws_an_open_flag(scene):
    client = client_for(scene.first)
    client.post(_flag_url(scene.post), {"reason": "off_topic"})
    flag = Flag.objects.get(flagger=scene.first)
    response = client.post(reverse("moderation:flag-withdraw", args=[flag.pk]), follow=True)
    assert "Your flag is withdrawn." in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == FlagStatus.WITHDRAWN
    # Nothing left to decide: the item leaves the queue.
    flag.review_item.refresh_from_db()
    assert flag.review_item.resolution == Resolution.NO_ACTION
    # And the member may flag again.
    assert client.post(_flag_url(scene.post), {"reason": "bullying"}).status_code == 302


def test_nobody_else_can_withdraw_a_flag(scene, staff):
    flag = raise_flag(flagger=scene.first, target=scene.post, reason="off_topic")
    for person in (scene.second, staff):
        assert client_for(person).post(reverse("moderation:flag-withdraw", args=[flag.pk])).status_code == 404
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN


def test_a_withdrawn_flag_leaves_a_hidden_post_hidden(scene):
    raise_flag(flagger=scene.first, target=scene.post, reason="bullying")
    second = raise_flag(flagger=scene.second, target=scene.post, reason="bullying")
    client_for(scene.second).post(reverse("moderation:flag-withdraw", args=[second.pk]))
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is not None
    assert ReviewItem.objects.get(object_id=scene.post.pk).status == ItemStatus.OPEN
