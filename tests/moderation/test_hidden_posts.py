"""The flag life-cycle as each role sees it: a post flagged past the threshold is hidden at once, shown three
ways (author, community, moderators), its text kept out of every other channel, un-hidden by the author's
edit, and kept hidden if it is flagged past the threshold again."""

from django.urls import reverse

from practica.core import visibility
from practica.discussions.models import Post
from practica.discussions.services.posting import edit_post
from practica.moderation.choices import ItemKind, ItemStatus
from practica.moderation.models import ModerationSettings, ReviewItem
from practica.moderation.services.flags import raise_flag
from tests.factories import add_member
from tests.helpers import run_pending_tasks
from tests.moderation import test_flags_scene as _scene
from tests.moderation.test_flags_scene import SECRET, client_for

AUTHOR_NOTICE = "Your post was flagged by the community. Please see your private messages."
COMMUNITY_NOTICE = "This post was flagged by the community and is temporarily hidden"

# The shared scene's fixtures, under their own names.
published = _scene.published
scene = _scene.scene


def _hide(scene):
    raise_flag(flagger=scene.first, target=scene.post, reason="bullying")
    raise_flag(flagger=scene.second, target=scene.post, reason="bullying")
    scene.post.refresh_from_db()


def _topic_page(user, scene):
    return client_for(user).get(reverse("discussions:topic", args=[scene.topic.pk]) + "?page=1")


def test_one_member_flag_does_not_hide_the_post(scene):
    raise_flag(flagger=scene.first, target=scene.post, reason="bullying")
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is None
    assert SECRET in _topic_page(scene.third, scene).content.decode()


def test_two_member_flags_hide_the_post_at_once(scene):
    _hide(scene)
    assert scene.post.hidden_at is not None
    item = ReviewItem.objects.get(object_id=scene.post.pk, status=ItemStatus.OPEN)
    assert item.kind == ItemKind.FLAGGED
    assert item.flags.count() == 2


def test_the_author_sees_their_post_with_the_notice(scene):
    _hide(scene)
    page = _topic_page(scene.author, scene).content.decode()
    assert AUTHOR_NOTICE in page
    assert SECRET in page
    assert COMMUNITY_NOTICE not in page


def test_other_members_see_only_the_placeholder(scene):
    _hide(scene)
    page = _topic_page(scene.third, scene).content.decode()
    assert COMMUNITY_NOTICE in page
    assert SECRET not in page
    assert AUTHOR_NOTICE not in page
    assert "View hidden content" not in page


def test_champions_moderators_and_staff_see_it_dimmed_behind_view_hidden_content(scene, moderator, staff):
    # Site moderators read closed communities only as members; staff read every community.
    add_member(scene.community, moderator)
    _hide(scene)
    for person in (scene.champion, moderator, staff):
        page = _topic_page(person, scene).content.decode()
        assert "View hidden content" in page, person
        assert SECRET in page, person
        assert "post-hidden-content" in page
        assert "is-hidden" in page


def test_an_outsider_of_the_closed_community_gets_404(scene, member):
    _hide(scene)
    response = _topic_page(member, scene)
    assert response.status_code == 404
    flag_url = reverse("moderation:flag", args=["discussions.post", scene.post.pk])
    assert client_for(member).get(flag_url).status_code == 404


def test_the_author_is_sent_a_friendly_message_naming_the_reason_and_guideline(scene, published):
    _hide(scene)
    messages = [payload for name, payload in published if name == "moderation.message"]
    assert len(messages) == 1
    message = messages[0]
    assert message["recipient_id"] == scene.author.pk
    assert message["sender_id"] is None
    assert "bullying or harassment" in message["body"]
    assert "be kind" in message["body"]
    assert "considered edit of any kind" in message["body"]
    assert message["call_request_url"] == reverse("moderation:request-call", args=[message["review_item_id"]])
    assert message["call_request_url"] in message["body"]


def test_a_client_flag_from_a_champion_hides_at_once_even_with_a_high_threshold(scene):
    settings = ModerationSettings.current()
    settings.hide_threshold = 10
    settings.save()
    raise_flag(flagger=scene.champion, target=scene.post, reason="client")
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is not None


def test_a_client_flag_from_a_member_does_not_hide_at_once(scene):
    raise_flag(flagger=scene.first, target=scene.post, reason="client")
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is None


def test_a_moderators_flag_counts_as_trusted_and_hides(scene, moderator):
    add_member(scene.community, moderator)
    raise_flag(flagger=moderator, target=scene.post, reason="inappropriate")
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is not None


def test_hidden_text_never_travels(scene):
    _hide(scene)
    post = Post.objects.get(pk=scene.post.pk)
    for person in (scene.third, scene.champion, scene.author):
        assert visibility.can_see(person, post)
        assert not visibility.can_see_text(person, post)


def test_hidden_text_is_absent_from_quotes_topic_lists_and_the_home_page(scene):
    _hide(scene)
    client = client_for(scene.third)
    quote = client.get(reverse("discussions:reply", args=[scene.topic.pk]) + f"?quote={scene.post.pk}")
    assert quote.status_code == 200
    assert SECRET not in quote.content.decode()
    for url in (
        reverse("discussions:topic-list", args=[scene.community.pk]),
        reverse("communities:detail", args=[scene.community.pk]),
        reverse("core:home"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url


def test_the_quote_link_is_not_offered_even_to_moderators(scene, moderator):
    _hide(scene)
    page = _topic_page(moderator, scene).content.decode()
    assert f"?quote={scene.post.pk}" not in page


def test_the_authors_edit_unhides_and_returns_the_item_as_edited_after_hide(scene):
    _hide(scene)
    edit_post(editor=scene.author, post=scene.post, body="A hard session today; I have reworded this.")
    run_pending_tasks()
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is None
    item = ReviewItem.objects.get(object_id=scene.post.pk, status=ItemStatus.OPEN)
    assert item.kind == ItemKind.EDITED_AFTER_HIDE
    assert item.get_kind_display() == "Edited after hide"
    page = _topic_page(scene.third, scene).content.decode()
    assert "I have reworded this" in page
    assert COMMUNITY_NOTICE not in page


def test_flagged_past_the_threshold_again_it_stays_hidden_until_staff_decide(scene, published):
    _hide(scene)
    edit_post(editor=scene.author, post=scene.post, body="Reworded once.")
    run_pending_tasks()
    # The first flags were about the old text: the threshold starts again with new flaggers.
    raise_flag(flagger=scene.third, target=scene.post, reason="inappropriate")
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is None
    raise_flag(flagger=scene.fourth, target=scene.post, reason="inappropriate")
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is not None
    last_message = [payload for name, payload in published if name == "moderation.message"][-1]
    assert "stay hidden until" in last_message["body"]
    edit_post(editor=scene.author, post=scene.post, body="Reworded twice.")
    run_pending_tasks()
    scene.post.refresh_from_db()
    assert scene.post.hidden_at is not None
    assert AUTHOR_NOTICE in _topic_page(scene.author, scene).content.decode()


def test_the_edit_handler_is_safe_to_run_twice(scene):
    from practica.moderation.handlers import unhide_edited_post

    _hide(scene)
    edit_post(editor=scene.author, post=scene.post, body="Reworded.")
    unhide_edited_post(post_id=scene.post.pk)
    unhide_edited_post(post_id=scene.post.pk)
    assert ReviewItem.objects.filter(object_id=scene.post.pk, status=ItemStatus.OPEN).count() == 1
