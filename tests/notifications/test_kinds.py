"""Each kind of notification: who is told, what they are told, and who is not."""

import pytest

from practica.accounts.services.blocks import block_member
from practica.communities.services.membership import decide_join_request, request_to_join
from practica.communities.services.proposals import submit_proposal
from practica.core import events
from practica.discussions.services.engagement import toggle_like
from practica.discussions.services.posting import edit_post, reply, start_topic
from practica.notifications.choices import NotificationKind
from practica.notifications.models import Notification
from practica.notifications.wording import headline
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.notifications.conftest import notes_for, settle


def _topic(nw, community="open", author="alice", body="Opening thoughts on endings."):
    return start_topic(author=nw[author], community=nw[community], title="Endings with clients", body=body).post.topic


def test_a_reply_tells_the_topics_author(nw):
    topic = _topic(nw)
    reply(author=nw["bob"], topic=topic, body="I end with a review session.")
    settle()
    [note] = notes_for(nw["alice"])
    assert note.kind == NotificationKind.REPLY
    assert headline(note) == "Bob Reader replied to you in “Endings with clients”"
    assert note.snapshot["excerpt"] == "I end with a review session."
    assert note.snapshot["url"].startswith("/posts/")
    assert notes_for(nw["bob"]) == []


def test_a_reply_to_a_post_tells_that_posts_author_not_the_topics(nw):
    topic = _topic(nw)
    carols = reply(author=nw["carol"], topic=topic, body="Mine are gradual.").post
    settle()
    Notification.objects.all().delete()
    reply(author=nw["bob"], topic=topic, body="Gradual how?", reply_to=carols)
    settle()
    assert [n.kind for n in notes_for(nw["carol"])] == [NotificationKind.REPLY]
    # Alice started the topic, so she watches it: she hears of the new post, not of a reply to her.
    assert [n.kind for n in notes_for(nw["alice"])] == [NotificationKind.NEW_POST]


def test_a_mention_tells_the_member_once_even_when_also_replied_to(nw):
    topic = _topic(nw)
    reply(author=nw["bob"], topic=topic, body=f"@{nw['alice'].handle} and @{nw['carol'].handle}: thoughts?")
    settle()
    assert [n.kind for n in notes_for(nw["alice"])] == [NotificationKind.MENTION]
    assert [n.kind for n in notes_for(nw["carol"])] == [NotificationKind.MENTION]


def test_a_mention_added_by_an_edit_is_told_once(nw):
    topic = _topic(nw)
    post = reply(author=nw["bob"], topic=topic, body="First version.").post
    settle()
    edit_post(editor=nw["bob"], post=post, body=f"Now with @{nw['carol'].handle}.")
    edit_post(editor=nw["bob"], post=post, body=f"Again with @{nw['carol'].handle}!")
    settle()
    assert [n.kind for n in notes_for(nw["carol"])] == [NotificationKind.MENTION]


def test_a_quote_tells_the_quoted_author(nw):
    topic = _topic(nw)
    carols = reply(author=nw["carol"], topic=topic, body="Endings are beginnings.").post
    settle()
    Notification.objects.all().delete()
    body = f"> **Carol Watcher** wrote in [#2](/posts/{carols.pk}/):\n>\n> Endings are beginnings.\n\nSo true."
    reply(author=nw["bob"], topic=topic, body=body)
    settle()
    [note] = notes_for(nw["carol"])
    assert note.kind == NotificationKind.QUOTE
    # The quoted text is not part of the excerpt: it is the other post's text.
    assert note.snapshot["excerpt"] == "So true."


def test_likes_are_batched_into_one_notification_while_unread(nw):
    topic = _topic(nw)
    post = topic.posts.get(number=1)
    dan = UserFactory(display_name="Dan Third")
    add_member(nw["open"], dan)
    for liker in (nw["bob"], nw["carol"], dan):
        toggle_like(user=liker, post=post)
    settle()
    settle()  # a retried delivery counts no one twice
    [note] = notes_for(nw["alice"], kind=NotificationKind.LIKE)
    assert note.actor_count == 3
    assert headline(note) == "Dan Third and 2 other members liked your post in “Endings with clients”"


def test_a_like_after_the_batch_was_read_starts_a_new_one(nw):
    topic = _topic(nw)
    post = topic.posts.get(number=1)
    toggle_like(user=nw["bob"], post=post)
    settle()
    Notification.objects.update(read_at="2026-01-01T00:00:00Z")
    toggle_like(user=nw["carol"], post=post)
    settle()
    assert [n.actor_count for n in notes_for(nw["alice"], kind=NotificationKind.LIKE)] == [1, 1]


def test_a_linked_topic_tells_the_author_of_the_post_it_continues(nw):
    from practica.discussions.services.posting import start_topic as start

    topic = _topic(nw)
    source = reply(author=nw["carol"], topic=topic, body="This deserves its own topic.").post
    settle()
    Notification.objects.all().delete()
    start(author=nw["bob"], community=nw["open"], title="Beginnings, then", body="Continuing.", linked_from=source)
    settle()
    assert [n.kind for n in notes_for(nw["carol"])] == [NotificationKind.LINKED]


def test_the_decision_on_a_join_request_reaches_the_person_who_asked(nw):
    champion = UserFactory()
    circle = CommunityFactory(name="Supervisors", membership="closed")
    add_member(circle, champion, role="champion")
    applicant = UserFactory()
    join_request = request_to_join(user=applicant, community=circle, answers=[], accepted_confidentiality=True)
    decide_join_request(actor=champion, join_request=join_request, approve=False)
    settle()
    [note] = notes_for(applicant)
    assert note.kind == NotificationKind.JOIN_REQUEST
    assert "Supervisors" in note.snapshot["title"] and "Declined" in note.snapshot["title"]
    assert note.community_id is None  # a declined applicant still sees it


def test_a_proposal_status_change_reaches_the_proposer(nw, staff):
    from practica.communities.services.proposals import review_proposal

    proposal = submit_proposal(proposer=nw["bob"], name="Eco", short_description="Climate", why_needed="Anxiety")
    review_proposal(actor=staff, proposal=proposal, status="under_review", comment="Looking")
    settle()
    assert [n.kind for n in notes_for(nw["bob"])] == [NotificationKind.PROPOSAL]


@pytest.mark.parametrize(
    "kind",
    [
        NotificationKind.MESSAGE,
        NotificationKind.MEETING,
        NotificationKind.SPEAKER_REQUEST,
        NotificationKind.FLAG_OUTCOME,
        NotificationKind.MODERATION,
    ],
)
def test_other_apps_notify_through_the_notify_event_after_a_visibility_check(nw, kind):
    topic = _topic(nw, community="closed")
    post = topic.posts.get(number=1)
    outsider = UserFactory()
    events.publish(
        "notify",
        recipient_ids=[nw["bob"].pk, outsider.pk],
        kind=kind,
        target="discussions.post",
        target_id=post.pk,
        community_id=nw["closed"].pk,
        actor_id=nw["alice"].pk,
        snapshot={"title": "Something for you", "excerpt": "Details", "url": "/somewhere/"},
        group_key="",
    )
    settle()
    [note] = notes_for(nw["bob"], kind=kind)
    assert headline(note) == "Something for you"
    assert notes_for(outsider) == []


def test_the_notify_event_keeps_links_on_the_site(nw):
    topic = _topic(nw)
    events.publish(
        "notify",
        recipient_ids=[nw["bob"].pk],
        kind=NotificationKind.MESSAGE,
        target="discussions.topic",
        target_id=topic.pk,
        snapshot={"title": "Hello", "excerpt": "", "url": "https://elsewhere.example/phish"},
    )
    settle()
    [note] = notes_for(nw["bob"], kind=NotificationKind.MESSAGE)
    assert note.snapshot["url"] == ""


def test_someone_who_blocked_the_author_hears_nothing_from_them(nw):
    block_member(blocker=nw["alice"], blocked=nw["bob"])
    topic = _topic(nw)
    reply(author=nw["bob"], topic=topic, body=f"Hello @{nw['alice'].handle}")
    toggle_like(user=nw["bob"], post=topic.posts.get(number=1))
    settle()
    assert notes_for(nw["alice"]) == []


def test_a_held_or_hidden_post_announces_nothing(nw):
    from practica.discussions.models import Post

    topic = _topic(nw)
    post = reply(author=nw["bob"], topic=topic, body="Held for review.").post
    Post.objects.filter(pk=post.pk).update(awaiting_review=True)
    settle()
    assert notes_for(nw["alice"]) == []
