"""E-mail about notifications: the delayed "immediately" e-mail, what it may carry, the daily cap, and
digests over a simulated week."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from practica.communities.services.membership import leave_community
from practica.core.models import OutboxEmail
from practica.discussions.models import Post
from practica.discussions.services.engagement import mark_read
from practica.discussions.services.posting import reply, start_topic
from practica.notifications.choices import DigestFrequency, EmailMode, EmailState, NotificationKind
from practica.notifications.models import CommunityEmailPolicy, Notification
from practica.notifications.services.delivery import get_email_settings, notify
from practica.notifications.services.email import send_due_digests, update_email_preferences
from practica.notifications.services.reading import mark_read as read_notification
from tests.factories import CommunityFactory
from tests.notifications.conftest import notes_for, settle

LONDON = ZoneInfo("Europe/London")


def later(minutes=6):
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


def _mention(nw, community="open", body="Could you share your contract?"):
    topic = start_topic(
        author=nw["alice"], community=nw[community], title="Contracts for clients", body="Hi."
    ).post.topic
    post = reply(author=nw["alice"], topic=topic, body=f"@{nw['bob'].handle} {body}").post
    settle()
    return post


def test_an_immediate_email_waits_a_few_minutes_then_goes_with_one_click_unsubscribe(nw):
    post = _mention(nw)
    [note] = notes_for(nw["bob"])
    assert note.email_state == EmailState.PENDING
    assert not OutboxEmail.objects.filter(recipient=nw["bob"]).exists()
    with later():
        settle()
    email = OutboxEmail.objects.get(idempotency_key=f"notification:{note.pk}")
    assert email.to_address == "bob@example.org"
    assert email.subject == "[Open Practice] Alice Author mentioned you in “Contracts for clients”"
    assert "Could you share your contract?" in email.text_body
    assert f"/posts/{post.pk}/" in email.text_body and "http" in email.text_body
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        email.headers["List-Unsubscribe"].startswith("<http") and "/unsubscribe/" in email.headers["List-Unsubscribe"]
    )
    assert "/unsubscribe/" in email.html_body and "/notifications/email/" in email.html_body
    assert Notification.objects.get(pk=note.pk).email_state == EmailState.SENT


def test_an_immediate_email_is_dropped_when_the_notification_was_read(nw):
    _mention(nw)
    [note] = notes_for(nw["bob"])
    read_notification(user=nw["bob"], notification=note)
    with later():
        settle()
    assert not OutboxEmail.objects.filter(recipient=nw["bob"]).exists()
    assert Notification.objects.get(pk=note.pk).email_state == EmailState.SKIPPED


def test_an_immediate_email_is_dropped_when_the_topic_was_read_past_the_post(nw):
    post = _mention(nw)
    mark_read(user=nw["bob"], topic=post.topic, up_to=post.number)
    with later():
        settle()
    assert not OutboxEmail.objects.filter(recipient=nw["bob"]).exists()


def test_a_closed_communitys_email_carries_the_title_and_link_but_not_the_text(nw):
    _mention(nw, community="closed", body="The client's story in detail.")
    with later():
        settle()
    email = OutboxEmail.objects.get(recipient=nw["bob"])
    assert "Contracts for clients" in email.subject and "[Closed Circle]" in email.subject
    assert "story in detail" not in email.text_body and "story in detail" not in email.html_body


def test_champions_may_let_their_closed_communitys_emails_carry_text(nw):
    CommunityEmailPolicy.objects.create(community=nw["closed"], include_text=True)
    _mention(nw, community="closed", body="Shared by agreement.")
    with later():
        settle()
    assert "Shared by agreement." in OutboxEmail.objects.get(recipient=nw["bob"]).text_body


def test_a_post_hidden_before_the_email_leaves_sends_no_text(nw):
    post = _mention(nw, body="Something regrettable.")
    Post.objects.filter(pk=post.pk).update(hidden_at=timezone.now())
    with later():
        settle()
    email = OutboxEmail.objects.get(recipient=nw["bob"])
    assert "regrettable" not in email.text_body and "regrettable" not in email.html_body


def test_a_member_who_left_the_closed_community_before_the_send_gets_nothing(nw):
    _mention(nw, community="closed")
    leave_community(user=nw["bob"], community=nw["closed"])
    with later():
        settle()
    assert not OutboxEmail.objects.filter(recipient=nw["bob"]).exists()
    assert Notification.objects.get(recipient=nw["bob"]).email_state == EmailState.SKIPPED


def test_never_means_no_email_and_a_paused_member_gets_nothing(nw):
    update_email_preferences(
        user=nw["bob"], modes={NotificationKind.MENTION: EmailMode.NEVER}, digest_frequency=DigestFrequency.DAILY
    )
    update_email_preferences(
        user=nw["carol"], modes={}, digest_frequency=DigestFrequency.DAILY, paused_until=timezone.localdate()
    )
    topic = start_topic(author=nw["alice"], community=nw["open"], title="Breaks from practice", body="Hi.").post.topic
    reply(author=nw["alice"], topic=topic, body=f"@{nw['bob'].handle} @{nw['carol'].handle} welcome")
    settle()
    with later(60 * 30):
        settle()
        send_due_digests()
    assert not OutboxEmail.objects.exists()
    assert {n.email_state for n in Notification.objects.all()} == {EmailState.NONE, EmailState.SKIPPED}


def test_the_daily_cap_folds_the_rest_into_the_next_digest(nw, settings):
    settings.EMAIL_DAILY_CAP = 2
    topic = start_topic(author=nw["alice"], community=nw["open"], title="Many mentions here", body="Hi.").post.topic
    for number in range(4):
        reply(author=nw["alice"], topic=topic, body=f"@{nw['bob'].handle} number {number}")
    settle()
    with later():
        settle()
    assert OutboxEmail.objects.filter(recipient=nw["bob"], category="notification:mention").count() == 2
    assert Notification.objects.filter(recipient=nw["bob"], email_state=EmailState.DIGEST).count() == 2
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        send_due_digests(datetime.datetime.now(tz=LONDON).replace(hour=8))
    digest = OutboxEmail.objects.get(recipient=nw["bob"], category="digest")
    assert digest.text_body.count("mentioned you") == 2


def _reply_to(nw, user, when):
    """A reply notification (a digest kind by default) for `user`, created at `when`."""
    with time_machine.travel(when, tick=False):
        topic = start_topic(author=user, community=nw["open"], title=f"Topic at {when:%a %H}", body="Hi.").post.topic
        post = reply(author=nw["alice"], topic=topic, body="A reply.").post
        notify(
            recipient=user,
            kind=NotificationKind.REPLY,
            target=post,
            community_id=nw["open"].pk,
            actor=nw["alice"],
            snapshot={"title": topic.title, "excerpt": "A reply.", "url": f"/posts/{post.pk}/"},
        )


@pytest.mark.parametrize(
    ("frequency", "paused", "expected"),
    [
        (DigestFrequency.HOURLY, False, 7),
        (DigestFrequency.DAILY, False, 7),
        (DigestFrequency.WEEKLY, False, 1),
        (DigestFrequency.DAILY, True, 0),
    ],
)
def test_digests_over_a_simulated_week(nw, frequency, paused, expected):
    bob = nw["bob"]
    # Monday 2 March 2026, 05:30 in London; one reply a day, the digest job every hour for a week.
    start = datetime.datetime(2026, 3, 2, 5, 30, tzinfo=LONDON)
    email_settings = get_email_settings(bob)
    email_settings.digest_frequency = frequency
    email_settings.paused_until = (start + datetime.timedelta(days=8)).date() if paused else None
    email_settings.save()
    moment = start
    for day in range(7):
        _reply_to(nw, bob, start + datetime.timedelta(days=day))
        for _hour in range(24):
            moment += datetime.timedelta(hours=1)
            with time_machine.travel(moment, tick=False):
                send_due_digests(moment)
    digests = list(OutboxEmail.objects.filter(recipient=bob, category="digest").order_by("created_at"))
    assert len(digests) == expected
    for digest in digests:
        assert digest.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "replied to you" in digest.text_body
        local = timezone.localtime(digest.created_at)
        if frequency != DigestFrequency.HOURLY:
            assert local.hour >= 7
        if frequency == DigestFrequency.WEEKLY:
            assert local.weekday() == 0
    if frequency == DigestFrequency.WEEKLY:
        # The rest of the week waits for next Monday.
        assert Notification.objects.filter(recipient=bob, email_state=EmailState.DIGEST).count() == 6


def test_a_digest_is_written_once_per_period_however_often_the_job_runs(nw):
    bob = nw["bob"]
    moment = datetime.datetime(2026, 3, 3, 9, 0, tzinfo=LONDON)
    _reply_to(nw, bob, moment - datetime.timedelta(hours=1))
    with time_machine.travel(moment, tick=False):
        assert send_due_digests(moment) == 1
        _reply_to(nw, bob, moment)
        assert send_due_digests(moment) == 0
    assert OutboxEmail.objects.filter(recipient=bob, category="digest").count() == 1


def test_a_digest_lists_the_members_meetings_coming_up_and_none_from_elsewhere(nw, staff):
    from practica.meetings.services.meetings import create_meeting

    bob = nw["bob"]
    moment = datetime.datetime(2026, 3, 3, 9, 0, tzinfo=LONDON)
    elsewhere = CommunityFactory(name="Somewhere Else", membership="closed")
    with time_machine.travel(moment - datetime.timedelta(days=1), tick=False):
        create_meeting(
            community=nw["open"],
            title="Peer supervision circle",
            starts_at=moment + datetime.timedelta(days=2),
            created_by=staff,
        )
        create_meeting(
            community=elsewhere,
            title="A closed meeting Bob cannot see",
            starts_at=moment + datetime.timedelta(days=2),
            created_by=staff,
        )
    _reply_to(nw, bob, moment - datetime.timedelta(hours=1))
    with time_machine.travel(moment, tick=False):
        assert send_due_digests(moment) == 1
    digest = OutboxEmail.objects.get(recipient=bob, category="digest")
    assert "Coming up" in digest.text_body
    assert "Thursday 5 March, 09:00: Peer supervision circle (Open Practice)" in digest.text_body
    assert "A closed meeting" not in digest.text_body and "A closed meeting" not in digest.html_body
