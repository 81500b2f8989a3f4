"""The review queue and an item's page: who sees which items, claiming, filters and a fixed query budget."""

from django.urls import reverse

from practica.discussions.services.posting import reply, start_topic
from practica.moderation.services.flags import raise_flag
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for
from tests.moderation import test_flags_scene as _scene
from tests.moderation.test_flags_scene import SECRET, client_for

# The shared scene's fixtures, under their own names.
scene = _scene.scene


def _flagged_item(scene, reason="bullying", details=""):
    return raise_flag(flagger=scene.first, target=scene.post, reason=reason, details=details).review_item


def _other_community_item():
    community = CommunityFactory(name="Elsewhere")
    author, flagger = UserFactory(display_name="Eve Elsewhere"), UserFactory()
    add_member(community, author)
    add_member(community, flagger)
    topic = start_topic(author=author, community=community, title="Another place", body="Words here.").post.topic
    return raise_flag(flagger=flagger, target=topic.posts.get(number=1), reason="off_topic").review_item


def test_members_who_lead_no_community_get_403_on_the_queue(scene):
    response = client_for(scene.first).get(reverse("moderation:queue"))
    assert response.status_code == 403
    assert "moderators, staff and community champions" in response.content.decode()


def test_champions_see_only_their_communitys_items(scene):
    mine = _flagged_item(scene)
    other = _other_community_item()
    client = client_for(scene.champion)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert reverse("moderation:item", args=[mine.pk]) in page
    assert reverse("moderation:item", args=[other.pk]) not in page
    assert client.get(reverse("moderation:item", args=[other.pk])).status_code == 404
    assert client.post(reverse("moderation:item-action", args=[other.pk]), {"action": "claim"}).status_code == 404


def test_moderators_and_staff_see_every_communitys_items(scene, moderator, staff):
    mine, other = _flagged_item(scene), _other_community_item()
    for person in (moderator, staff):
        page = client_for(person).get(reverse("moderation:queue")).content.decode()
        assert reverse("moderation:item", args=[mine.pk]) in page
        assert reverse("moderation:item", args=[other.pk]) in page


def test_the_queue_filters_by_kind_and_community(scene, moderator):
    mine, other = _flagged_item(scene), _other_community_item()
    client = client_for(moderator)
    page = client.get(reverse("moderation:queue"), {"community": scene.community.pk}).content.decode()
    assert reverse("moderation:item", args=[mine.pk]) in page
    assert reverse("moderation:item", args=[other.pk]) not in page
    page = client.get(reverse("moderation:queue"), {"kind": "report"}).content.decode()
    assert "No items match these filters." in page


def test_claiming_shows_others_it_is_being_handled(scene, moderator):
    item = _flagged_item(scene)
    response = client_for(moderator).post(reverse("moderation:item-action", args=[item.pk]), {"action": "claim"})
    assert response.status_code == 302
    for page in (
        client_for(scene.champion).get(reverse("moderation:queue")),
        client_for(scene.champion).get(reverse("moderation:item", args=[item.pk])),
    ):
        assert "Being handled by Mo Moderator" in page.content.decode()


def test_the_item_page_shows_the_content_every_flag_and_the_authors_history(scene, moderator):
    add_member(scene.community, moderator)
    item = _flagged_item(scene, reason="other", details="It names a colleague.")
    raise_flag(flagger=scene.second, target=scene.post, reason="bullying")
    page = client_for(scene.champion).get(reverse("moderation:item", args=[item.pk])).content.decode()
    assert SECRET in page
    assert "Something else" in page and "It names a colleague." in page
    assert "Bullying or harassment" in page
    assert "Fay First" in page and "Sid Second" in page
    assert "0 warnings" in page and "0 earlier flags upheld" in page
    assert "Hidden" in page
    # A champion decides about content but does not warn, silence or suspend.
    assert "Dismiss the flags" in page and "Keep hidden" in page
    assert "Warn the author" not in page and "Suspend" not in page
    moderator_page = client_for(moderator).get(reverse("moderation:item", args=[item.pk])).content.decode()
    assert "Warn the author" in moderator_page and "Silence" in moderator_page
    assert "Suspend (cannot sign in" not in moderator_page
    assert "Remove completely" not in moderator_page


def test_the_home_page_links_reviewers_to_the_queue_with_a_count(scene, moderator):
    _flagged_item(scene)
    assert "Review queue (1)" in client_for(scene.champion).get(reverse("core:home")).content.decode()
    assert "Review queue (1)" in client_for(moderator).get(reverse("core:home")).content.decode()
    assert "Review queue" not in client_for(scene.first).get(reverse("core:home")).content.decode()


def test_staff_find_the_queue_among_their_tools(staff):
    page = client_for(staff).get(reverse("accounts:staff-home")).content.decode()
    assert reverse("moderation:queue") in page


def _fill_queue(scene, count: int) -> None:
    for number in range(count):
        post = reply(author=scene.author, topic=scene.topic, body=f"Reply number {number}.").post
        raise_flag(flagger=scene.first, target=post, reason="off_topic")
    for _ in range(3):
        person = UserFactory()
        add_member(scene.community, person)
        raise_flag(flagger=person, target=scene.second, reason="advertising")


def test_the_queue_costs_the_same_with_one_item_and_with_fifty(scene, moderator):
    client = client_for(moderator)
    _fill_queue(scene, 1)
    one = queries_for(client, reverse("moderation:queue"))
    _fill_queue(scene, 49)
    fifty = queries_for(client, reverse("moderation:queue"))
    assert one == fifty


def test_the_home_pages_queue_link_costs_the_same_however_long_the_queue(scene):
    client = client_for(scene.champion)
    _fill_queue(scene, 1)
    one = queries_for(client, reverse("core:home"))
    _fill_queue(scene, 20)
    assert queries_for(client, reverse("core:home")) == one


def test_the_demo_shows_a_hidden_post_with_two_flags_and_an_open_item(scene):
    from practica.discussions.models import Post
    from practica.moderation import demo
    from practica.moderation.models import ReviewItem

    reply(author=scene.second, topic=scene.topic, body="Another reply for the demo's second item.")
    demo.load()
    hidden = Post.objects.get(body=demo.HIDDEN_REPLY)
    assert hidden.hidden_at is not None
    assert hidden.topic.community == scene.community
    assert ReviewItem.objects.filter(status="open").count() == 2
    demo.load()  # safe to run again
    assert Post.objects.filter(body=demo.HIDDEN_REPLY).count() == 1
