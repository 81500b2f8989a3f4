"""A digest's summaries beside its notifications: new posts in the topics the member follows (tracking's part in
e-mail), and the busiest topics in the member's own communities."""

import datetime
from zoneinfo import ZoneInfo

import time_machine

from practica.core.models import OutboxEmail
from practica.discussions.services.engagement import mark_read
from practica.discussions.services.posting import reply, start_topic
from practica.notifications.choices import NotificationKind, WatchLevel
from practica.notifications.services.delivery import notify
from practica.notifications.services.email import send_due_digests
from practica.notifications.services.watching import set_topic_watch
from tests.factories import CommunityFactory, UserFactory, add_member

LONDON = ZoneInfo("Europe/London")
MOMENT = datetime.datetime(2026, 3, 3, 9, 0, tzinfo=LONDON)


def _topic(nw, title, replies, community="open", author="alice"):
    topic = start_topic(author=nw[author], community=nw[community], title=title, body="Hi.").post.topic
    for number in range(replies):
        reply(author=nw[author], topic=topic, body=f"Reply {number}.")
    return topic


def _waiting_notice(nw):
    """Something for the digest to carry, so that it is written."""
    topic = start_topic(author=nw["bob"], community=nw["open"], title="Bob's question", body="Hi.").post.topic
    post = reply(author=nw["alice"], topic=topic, body="An answer.").post
    notify(
        recipient=nw["bob"],
        kind=NotificationKind.REPLY,
        target=post,
        community_id=nw["open"].pk,
        actor=nw["alice"],
        snapshot={"title": topic.title, "excerpt": "An answer.", "url": f"/posts/{post.pk}/"},
    )


def _digest(nw) -> str:
    with time_machine.travel(MOMENT, tick=False):
        assert send_due_digests(MOMENT) == 1
    return OutboxEmail.objects.get(recipient=nw["bob"], category="digest").text_body


def test_a_digest_lists_new_posts_in_tracked_topics_and_not_in_normal_ones(nw):
    with time_machine.travel(MOMENT - datetime.timedelta(hours=2), tick=False):
        tracked = _topic(nw, "Tracked supervision", 0)
        normal = _topic(nw, "Normal chatter", 0)
        for topic in (tracked, normal):
            mark_read(user=nw["bob"], topic=topic, up_to=1)
        set_topic_watch(user=nw["bob"], topic=tracked, level=WatchLevel.TRACKING)
        for topic in (tracked, normal):
            reply(author=nw["alice"], topic=topic, body="More.")
            reply(author=nw["alice"], topic=topic, body="And more.")
        _waiting_notice(nw)
    text = _digest(nw)
    assert "New in topics you follow" in text
    assert "Tracked supervision (Open Practice): 2 new posts" in text
    assert "Normal chatter (Open Practice): 2 new posts" not in text


def test_the_busiest_topics_come_from_the_members_own_communities_only(nw):
    elsewhere = CommunityFactory(name="Elsewhere Open")
    hidden = CommunityFactory(name="Hidden Closed", membership="closed")
    stranger = UserFactory(display_name="Sam Stranger")
    for community in (elsewhere, hidden):
        add_member(community, stranger)
    nw["stranger"], nw["elsewhere"], nw["hidden"] = stranger, elsewhere, hidden
    with time_machine.travel(MOMENT - datetime.timedelta(hours=2), tick=False):
        _topic(nw, "Quiet corner", 1)
        _topic(nw, "Lively debate", 4)
        _topic(nw, "Closed but mine", 2, community="closed")
        _topic(nw, "Not my community", 6, community="elsewhere", author="stranger")
        _topic(nw, "Secret casework", 6, community="hidden", author="stranger")
        _waiting_notice(nw)
    text = _digest(nw)
    section = text.split("Busy in your communities", 1)[1]
    assert section.index("Lively debate") < section.index("Closed but mine") < section.index("Quiet corner")
    assert "Not my community" not in text and "Secret casework" not in text
