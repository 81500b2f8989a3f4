"""The last look before a queued notification or digest e-mail leaves the outbox: an e-mail that waited out a
mail-server outage is not sent to someone who can no longer see what it speaks of, has paused e-mail, or has
read it on the site meanwhile. Staff see why on the outbox page."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from practica.communities.services.membership import leave_community
from practica.core.delivery import deliver_due
from practica.core.models import OutboxEmail, OutboxStatus
from practica.discussions.services.posting import reply, start_topic
from practica.notifications.choices import DigestFrequency, EmailState, NotificationKind
from practica.notifications.models import Notification
from practica.notifications.services.delivery import notify
from practica.notifications.services.email import send_due_digests, send_notification_email, update_email_preferences
from practica.notifications.services.reading import mark_read
from tests.notifications.conftest import notes_for, settle

LONDON = ZoneInfo("Europe/London")


def _queued_mention(nw, community):
    """A mention whose e-mail is written to the outbox but not yet sent (the mail server is down)."""
    topic = start_topic(author=nw["alice"], community=nw[community], title="Contracts", body="Hi.").post.topic
    reply(author=nw["alice"], topic=topic, body=f"@{nw['bob'].handle} could you share yours?")
    settle()
    [note] = notes_for(nw["bob"])
    assert send_notification_email(note.pk) == EmailState.SENT
    email = OutboxEmail.objects.get(recipient=nw["bob"])
    assert email.status == OutboxStatus.QUEUED
    return note, email


def _delivered(email):
    deliver_due()
    email.refresh_from_db()
    return email


def test_a_queued_email_is_not_sent_to_someone_who_left_the_closed_community_since(nw, staff_client):
    note, email = _queued_mention(nw, "closed")
    leave_community(user=nw["bob"], community=nw["closed"])
    email = _delivered(email)
    assert email.status == OutboxStatus.CANCELLED
    assert "can no longer see" in email.last_error
    assert mail.outbox == []
    assert Notification.objects.get(pk=note.pk).email_state == EmailState.SKIPPED
    page = staff_client.get(reverse("core:outbox"))
    assert "can no longer see what it is about" in page.content.decode()


def test_a_queued_email_is_not_sent_once_the_member_paused_email(nw):
    _note, email = _queued_mention(nw, "open")
    update_email_preferences(
        user=nw["bob"], modes={}, digest_frequency=DigestFrequency.DAILY, paused_until=timezone.localdate()
    )
    assert _delivered(email).last_error == "Not sent: the member has paused e-mails."
    assert mail.outbox == []


def test_a_queued_email_is_not_sent_once_the_member_read_it_on_the_site(nw):
    note, email = _queued_mention(nw, "open")
    mark_read(user=nw["bob"], notification=note)
    assert _delivered(email).last_error == "Not sent: the member already read it on the site."
    assert mail.outbox == []


def test_a_queued_email_still_wanted_and_visible_is_sent(nw):
    _note, email = _queued_mention(nw, "closed")
    assert _delivered(email).status == OutboxStatus.SENT
    assert len(mail.outbox) == 1


def _reply_notice(nw, community, title):
    topic = start_topic(author=nw["bob"], community=nw[community], title=title, body="Hi.").post.topic
    post = reply(author=nw["alice"], topic=topic, body="A reply.").post
    return notify(
        recipient=nw["bob"],
        kind=NotificationKind.REPLY,
        target=post,
        community_id=nw[community].pk,
        actor=nw["alice"],
        snapshot={"title": title, "excerpt": "A reply.", "url": f"/posts/{post.pk}/"},
    )


def test_a_queued_digest_naming_a_closed_community_the_member_left_is_not_sent_and_the_rest_waits(nw):
    moment = datetime.datetime(2026, 3, 3, 9, 0, tzinfo=LONDON)
    with time_machine.travel(moment - datetime.timedelta(hours=1), tick=False):
        open_note = _reply_notice(nw, "open", "Open reflections")
        _reply_notice(nw, "closed", "Closed case discussion")
    with time_machine.travel(moment, tick=False):
        assert send_due_digests(moment) == 1
        digest = OutboxEmail.objects.get(recipient=nw["bob"], category="digest")
        leave_community(user=nw["bob"], community=nw["closed"])
        digest = _delivered(digest)
    assert digest.status == OutboxStatus.CANCELLED
    assert mail.outbox == []
    # What Bob may still see goes in the next digest, without the closed community.
    assert Notification.objects.get(pk=open_note.pk).email_state == EmailState.DIGEST
    tomorrow = moment + datetime.timedelta(days=1)
    with time_machine.travel(tomorrow, tick=False):
        assert send_due_digests(tomorrow) == 1
    [_cancelled, second] = OutboxEmail.objects.filter(recipient=nw["bob"], category="digest").order_by("created_at")
    assert "Open reflections" in second.text_body
    assert "Closed case" not in second.text_body and "Closed Circle" not in second.text_body


def test_a_digest_holding_mentions_folded_in_by_the_daily_cap_is_still_sent(nw, settings):
    settings.EMAIL_DAILY_CAP = 1
    topic = start_topic(author=nw["alice"], community=nw["open"], title="Many mentions", body="Hi.").post.topic
    for number in range(3):
        reply(author=nw["alice"], topic=topic, body=f"@{nw['bob'].handle} number {number}")
    settle()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6), tick=False):
        settle()
    moment = timezone.now() + datetime.timedelta(days=1)
    with time_machine.travel(moment, tick=False):
        send_due_digests(moment.astimezone(LONDON).replace(hour=8))
        digest = _delivered(OutboxEmail.objects.get(recipient=nw["bob"], category="digest"))
    assert digest.status == OutboxStatus.SENT
    assert digest.text_body.count("mentioned you") == 2


def test_a_queued_email_is_not_sent_once_the_members_account_is_deleted(nw):
    _note, email = _queued_mention(nw, "open")
    nw["bob"].delete()
    assert _delivered(email).last_error == "Not sent: the recipient's account no longer exists."
    assert mail.outbox == []
