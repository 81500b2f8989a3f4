"""Flags on library items and profiles, and topics held for review, seen from the members' side."""

from django.urls import reverse

from practica.discussions.models import Topic
from practica.discussions.services.posting import start_topic
from practica.moderation.models import ModerationSettings, ReviewItem
from practica.moderation.services.flags import raise_flag
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks
from tests.library.factories import add_link_item
from tests.moderation.test_flags_scene import client_for


def test_two_members_flagging_a_library_item_hide_it_from_other_members(db):
    community = CommunityFactory(name="Play Therapy")
    author, first, second, reader = (UserFactory() for _ in range(4))
    for person in (author, first, second, reader):
        add_member(community, person)
    item = add_link_item(author=author, community=community, title="A handout from a paid course")

    raise_flag(flagger=first, target=item, reason="copyright")
    raise_flag(flagger=second, target=item, reason="copyright")
    run_pending_tasks()

    item.refresh_from_db()
    assert item.hidden_at is not None
    assert ReviewItem.objects.filter(object_id=item.pk, status="open").exists()
    listing = client_for(reader).get(reverse("library:index"))
    assert "A handout from a paid course" not in listing.content.decode()
    assert client_for(author).get(reverse("library:item", args=[item.pk])).status_code == 200


def test_a_library_item_and_a_profile_offer_a_flag_link_to_others_only(db):
    community = CommunityFactory()
    author, reader = UserFactory(), UserFactory()
    add_member(community, author)
    add_member(community, reader)
    item = add_link_item(author=author, community=community, title="Grief resources")
    flag_item = reverse("moderation:flag", args=["library.libraryitem", item.pk])
    flag_profile = reverse("moderation:flag", args=["accounts.user", author.pk])

    assert flag_item in client_for(reader).get(reverse("library:item", args=[item.pk])).content.decode()
    assert flag_item not in client_for(author).get(reverse("library:item", args=[item.pk])).content.decode()
    assert flag_profile in client_for(reader).get(reverse("accounts:profile", args=[author.pk])).content.decode()
    assert flag_profile not in client_for(author).get(reverse("accounts:profile", args=[author.pk])).content.decode()


def test_a_topic_held_for_review_is_seen_only_by_its_author_and_moderators(db, moderator):
    settings = ModerationSettings.current()
    settings.advertising_words = "discount code"
    settings.save()
    community = CommunityFactory(name="Private Practice")
    author, reader = UserFactory(), UserFactory()
    add_member(community, author)
    add_member(community, reader)
    topic = start_topic(
        author=author, community=community, title="Half-price supervision offer", body="Use my discount code."
    ).post.topic
    assert topic.posts.get(number=1).awaiting_review

    topic_list = reverse("discussions:topic-list", args=[community.pk])
    assert "Half-price supervision offer" not in client_for(reader).get(topic_list).content.decode()
    assert client_for(reader).get(reverse("discussions:topic", args=[topic.pk])).status_code == 404
    assert not Topic.objects.visible_to(reader).filter(pk=topic.pk).exists()
    assert "Half-price supervision offer" in client_for(author).get(topic_list).content.decode()
    assert client_for(author).get(reverse("discussions:topic", args=[topic.pk])).status_code == 200
    assert Topic.objects.visible_to(moderator).filter(pk=topic.pk).exists()
