"""Reading a conversation on its page clears its notifications: the bell drops and the delayed e-mail never goes."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from practica.core.models import OutboxEmail
from practica.messaging.services import send_message, start_conversation
from practica.notifications.queries import count_unread
from tests.helpers import run_pending_tasks


def _later(minutes=6):
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


def test_opening_the_conversation_clears_the_bell_and_no_email_is_sent(member, friend, member_client):
    conversation = start_conversation(sender=friend, recipients=[member], body="Are you free on Thursday?")
    run_pending_tasks()
    assert count_unread(member) == 1

    response = member_client.get(reverse("messaging:conversation", args=[conversation.pk]))
    assert response.status_code == 200
    run_pending_tasks()
    assert count_unread(member) == 0

    with _later():
        run_pending_tasks()
    assert not OutboxEmail.objects.filter(recipient=member).exists()


def test_a_message_that_arrives_after_reading_stays_unread_and_is_emailed(member, friend, member_client):
    conversation = start_conversation(sender=friend, recipients=[member], body="Are you free on Thursday?")
    run_pending_tasks()
    member_client.get(reverse("messaging:conversation", args=[conversation.pk]))
    run_pending_tasks()
    send_message(sender=friend, conversation=conversation, body="Or Friday?")
    run_pending_tasks()
    assert count_unread(member) == 1

    with _later():
        run_pending_tasks()
    assert OutboxEmail.objects.filter(recipient=member, category="notification:message").count() == 1


def test_newer_messages_join_the_notification_and_reading_them_clears_it(member, friend, member_client):
    conversation = start_conversation(sender=friend, recipients=[member], body="First.")
    run_pending_tasks()
    member_client.get(reverse("messaging:conversation", args=[conversation.pk]))
    run_pending_tasks()
    send_message(sender=friend, conversation=conversation, body="Second.")
    send_message(sender=friend, conversation=conversation, body="Third.")
    run_pending_tasks()
    # The notification now points at the newest message; the member has read only the first.
    assert count_unread(member) == 1
    member_client.get(reverse("messaging:conversation", args=[conversation.pk]))
    run_pending_tasks()
    assert count_unread(member) == 0
