"""Objects of the notifications app for the access matrix. Keys start with "notifications"."""

import pytest

from practica.notifications.choices import NotificationKind
from practica.notifications.services.delivery import notify
from practica.notifications.services.email import unsubscribe_token
from tests.factories import UserFactory


@pytest.fixture
def notifications_world(db, discussion_world, member, staff) -> dict:
    post = discussion_world["open_reply"]
    mine = notify(
        recipient=member,
        kind=NotificationKind.REPLY,
        target=post,
        community_id=post.topic.community_id,
        actor=discussion_world["topic_author"],
        snapshot={"title": post.topic.title, "excerpt": "A follow-up thought.", "url": f"/posts/{post.pk}/"},
    )
    reader = UserFactory(display_name="Una Subscriber")
    return {
        "notifications_mine": mine,
        "notifications_unsubscribe_token": unsubscribe_token(reader, NotificationKind.MENTION),
    }
