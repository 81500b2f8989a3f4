"""Each kind of queue item offers only the decisions that fit it: a held post is approved or rejected, never
"dismissed" into limbo; a pile-on alert is closed, never used to hide or remove the topic's opening post."""

import pytest
from django.urls import reverse

from practica.discussions.models import Post
from practica.discussions.services.posting import reply
from practica.moderation.choices import ItemKind, ItemStatus, Resolution
from practica.moderation.models import ModerationSettings, ReviewItem
from practica.moderation.services import actions
from practica.moderation.services.pileon import check_pile_on
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import run_pending_tasks
from tests.moderation.test_flags_scene import client_for
from tests.moderation.test_pileon import _pile


@pytest.fixture
def held(db):
    ModerationSettings.objects.filter(pk=ModerationSettings.current().pk).update(advertising_words="discount")
    community = CommunityFactory(name="Open Practice")
    author = UserFactory(display_name="Alex Author")
    add_member(community, author)
    from practica.discussions.services.posting import start_topic

    topic = start_topic(author=author, community=community, title="Endings", body="How do you end well?").post.topic
    seller = UserFactory(display_name="Sam Seller")
    add_member(community, seller)
    post = reply(author=seller, topic=topic, body="A discount on my course!").post
    run_pending_tasks()
    return ReviewItem.objects.get(kind=ItemKind.PRE_MODERATION, object_id=post.pk)


@pytest.fixture
def pile_on(db):
    from practica.discussions.services.posting import start_topic

    community = CommunityFactory(name="Open Practice")
    target = UserFactory(display_name="Tara Target")
    add_member(community, target)
    topic = start_topic(author=target, community=community, title="My view", body="Here it is.").post.topic
    flags = _pile(topic, ModerationSettings.current().pile_on_members)
    return check_pile_on(flag_id=flags[-1].pk)


def _page(user, item) -> str:
    return client_for(user).get(reverse("moderation:item", args=[item.pk])).content.decode()


def test_a_held_post_offers_approve_and_reject_but_not_the_flag_decisions(held, moderator, staff):
    for user in (moderator, staff):
        page = _page(user, held)
        assert "Approve: show the post" in page and "Reject: delete it and tell the author" in page
        for label in ("Dismiss the flags", "Un-hide", "Keep hidden", "Remove completely", "Edit to anonymise"):
            assert label not in page, (user, label)


def test_dismissing_a_held_post_is_refused_and_leaves_it_in_the_queue(held, moderator):
    response = client_for(moderator).post(reverse("moderation:item-action", args=[held.pk]), {"action": "dismiss"})
    assert response.status_code == 302
    follow = client_for(moderator).get(response.url)
    assert follow.status_code == 200
    with pytest.raises(actions.ActionError, match="approved or rejected"):
        actions.dismiss_flags(actor=moderator, item=held)
    held.refresh_from_db()
    assert held.status == ItemStatus.OPEN
    assert Post.objects.get(pk=held.object_id).awaiting_review


def test_a_pile_on_alert_offers_only_closing_it(pile_on, moderator):
    page = _page(moderator, pile_on)
    assert "Close the alert" in page
    for label in ("Dismiss the flags", "Hide", "Delete", "Remove completely", "Edit to anonymise"):
        assert f">{label}<" not in page, label


def test_hiding_or_removing_through_a_pile_on_alert_leaves_the_opening_post_alone(pile_on, moderator, staff):
    opening = Post.objects.get(topic_id=pile_on.object_id, number=1)
    for user, action in ((moderator, "keep_hidden"), (moderator, "delete"), (staff, "remove"), (moderator, "dismiss")):
        response = client_for(user).post(reverse("moderation:item-action", args=[pile_on.pk]), {"action": action})
        messages = " ".join(str(m) for m in response.wsgi_request._messages)
        assert "about the whole topic" in messages, action
    opening.refresh_from_db()
    assert opening.hidden_at is None and opening.removed_at is None and opening.body == "Here it is."
    pile_on.refresh_from_db()
    assert pile_on.status == ItemStatus.OPEN


def test_closing_a_pile_on_alert_resolves_it_and_keeps_slow_mode(pile_on, moderator):
    response = client_for(moderator).post(
        reverse("moderation:item-action", args=[pile_on.pk]), {"action": "close", "note": "Spoke to the repliers."}
    )
    assert response.status_code == 302
    pile_on.refresh_from_db()
    assert pile_on.status == ItemStatus.RESOLVED and pile_on.resolution == Resolution.NO_ACTION
    from practica.discussions.models import Topic

    assert Topic.objects.get(pk=pile_on.object_id).slow_mode_until is not None
