"""Writes of private messaging: who may message whom, counters, leaving, team messages, notifications."""

import pytest
from django.core.exceptions import PermissionDenied

from practica.accounts.services.blocks import block_member
from practica.messaging.choices import ConversationKind, WhoMayMessage
from practica.messaging.handlers import deliver_moderation_message, erase_messages
from practica.messaging.models import Conversation, Message, Participant
from practica.messaging.permissions import accepts_messages_from, can_view_conversation
from practica.messaging.queries import unread_conversation_count
from practica.messaging.services import (
    MessagingError,
    leave_conversation,
    mark_read,
    refusal_for,
    send_message,
    send_moderation_message,
    set_muted,
    start_conversation,
    update_preferences,
)
from tests.factories import CommunityFactory, UserFactory, add_member


def _refusal(sender, recipient) -> str:
    with pytest.raises(MessagingError) as error:
        start_conversation(sender=sender, recipients=[recipient], body="Hello")
    return str(error.value)


def test_anyone_may_message_a_member_by_default(member, friend):
    conversation = start_conversation(sender=member, recipients=[friend], body="Hello **Fran**")
    message = conversation.messages.get()
    assert message.body_html == "<p>Hello <strong>Fran</strong></p>\n"
    assert conversation.message_count == 1
    assert conversation.last_message == message
    assert set(conversation.participants.values_list("user_id", flat=True)) == {member.pk, friend.pk}


def test_a_member_who_accepts_no_messages_cannot_be_messaged(member, friend):
    update_preferences(user=friend, who_may_message=WhoMayMessage.NOBODY, read_receipts=False)
    assert _refusal(member, friend) == f"{friend.display_name} does not accept private messages."
    assert not Conversation.objects.exists()


def test_shared_community_setting_admits_only_members_of_a_common_community(member, friend):
    update_preferences(user=friend, who_may_message=WhoMayMessage.COMMUNITIES, read_receipts=False)
    assert not accepts_messages_from(friend, member)
    community = CommunityFactory()
    add_member(community, friend)
    add_member(community, member)
    assert accepts_messages_from(friend, member)
    start_conversation(sender=member, recipients=[friend], body="We share a community")


def test_a_block_looks_exactly_like_accepting_no_messages(member, friend):
    other = UserFactory(display_name=friend.display_name)
    update_preferences(user=other, who_may_message=WhoMayMessage.NOBODY, read_receipts=False)
    block_member(blocker=friend, blocked=member)
    assert _refusal(member, friend) == _refusal(member, other)


def test_staff_are_refused_like_anyone_for_ordinary_messages(staff, friend):
    update_preferences(user=friend, who_may_message=WhoMayMessage.NOBODY, read_receipts=False)
    assert "does not accept" in _refusal(staff, friend)


def test_staff_moderation_messages_pass_preferences_and_blocks(staff, friend):
    update_preferences(user=friend, who_may_message=WhoMayMessage.NOBODY, read_receipts=False)
    block_member(blocker=friend, blocked=staff)
    message = send_moderation_message(recipient=friend, sender=staff, body="About your last post", subject="")
    conversation = message.conversation
    assert conversation.kind == ConversationKind.MODERATION
    assert can_view_conversation(friend, conversation)
    assert unread_conversation_count(friend) == 1


def test_members_cannot_send_moderation_messages(member, friend):
    with pytest.raises(PermissionDenied):
        send_moderation_message(recipient=friend, sender=member, body="Behave")


def test_a_conversation_has_at_most_the_configured_number_of_people(member, settings):
    settings.MESSAGING_MAX_PARTICIPANTS = 3
    people = [UserFactory() for _ in range(3)]
    with pytest.raises(MessagingError, match="at most 3 people"):
        start_conversation(sender=member, recipients=people, body="Too many")
    conversation = start_conversation(sender=member, recipients=people[:2], body="Just right")
    assert conversation.participants.count() == 3


def test_one_refused_recipient_stops_the_whole_conversation(member, friend):
    other = UserFactory()
    block_member(blocker=other, blocked=member)
    with pytest.raises(MessagingError, match=other.display_name):
        start_conversation(sender=member, recipients=[friend, other], body="Hello both")
    assert not Conversation.objects.exists()


def test_silenced_members_cannot_write(member, friend):
    from datetime import timedelta

    from django.utils import timezone

    member.silenced_until = timezone.now() + timedelta(days=1)
    member.save(update_fields=["silenced_until"])
    with pytest.raises(PermissionDenied):
        start_conversation(sender=member, recipients=[friend], body="Hello")


def test_an_empty_message_is_refused_by_its_field(member, friend):
    with pytest.raises(MessagingError) as error:
        start_conversation(sender=member, recipients=[friend], body="   ")
    assert error.value.field == "body"


def test_a_repeated_key_starts_one_conversation(member, friend):
    first = start_conversation(sender=member, recipients=[friend], body="Hi", idempotency_key="k1")
    again = start_conversation(sender=member, recipients=[friend], body="Hi", idempotency_key="k1")
    assert first.pk == again.pk
    assert Message.objects.count() == 1


def test_unread_counts_follow_messages_and_reading(conversation, member, friend):
    assert unread_conversation_count(member) == 1
    assert unread_conversation_count(friend) == 0
    send_message(sender=friend, conversation=conversation, body="And another thing")
    assert Participant.objects.get(conversation=conversation, user=member).unread_count == 2
    conversation.refresh_from_db()
    mark_read(user=member, conversation=conversation)
    assert unread_conversation_count(member) == 0
    send_message(sender=member, conversation=conversation, body="Yes please")
    assert unread_conversation_count(friend) == 1


def test_a_muted_conversation_is_not_counted_in_the_menu(conversation, member):
    set_muted(user=member, conversation=conversation, muted=True)
    assert unread_conversation_count(member) == 0


def test_leaving_hides_the_conversation_and_stops_replies(conversation, member, friend):
    assert leave_conversation(user=member, conversation=conversation)
    assert not can_view_conversation(member, conversation)
    assert not Conversation.objects.visible_to(member).exists()
    with pytest.raises(PermissionDenied):
        send_message(sender=member, conversation=conversation, body="Back again")
    send_message(sender=friend, conversation=conversation, body="Anyone there?")
    assert Participant.objects.get(conversation=conversation, user=member).unread_count == 0


def test_a_blocker_is_not_reached_by_the_blocked_member_in_a_group(member, friend, published):
    third = UserFactory()
    conversation = start_conversation(sender=member, recipients=[friend, third], body="Hello both")
    block_member(blocker=friend, blocked=member)
    published.clear()
    send_message(sender=member, conversation=conversation, body="Again")
    # Still the one message from before the block.
    assert Participant.objects.get(conversation=conversation, user=friend).unread_count == 1
    assert published[0][1]["recipient_ids"] == [third.pk]


def test_each_message_publishes_one_notification_without_its_text(member, friend, published):
    conversation = start_conversation(sender=member, recipients=[friend], body="Private words")
    message = conversation.messages.get()
    assert published == [
        (
            "notify",
            {
                "recipient_ids": [friend.pk],
                "kind": "message",
                "target": "messaging.message",
                "target_id": message.pk,
                "community_id": None,
                "actor_id": member.pk,
                "snapshot": {
                    "title": f"Message from {member.display_name}",
                    "excerpt": "",
                    "url": f"/messages/{conversation.pk}/",
                },
                "group_key": f"conversation:{conversation.pk}",
            },
        )
    ]


def test_the_subject_is_the_notification_title_and_muted_people_are_left_out(member, friend, published):
    third = UserFactory()
    conversation = start_conversation(sender=member, recipients=[friend, third], subject="Rota", body="Hi")
    set_muted(user=third, conversation=conversation, muted=True)
    published.clear()
    send_message(sender=friend, conversation=conversation, body="Hi back")
    payload = published[0][1]
    assert payload["snapshot"]["title"] == "Rota"
    assert payload["recipient_ids"] == [member.pk]


def test_read_receipts_are_off_by_default(member):
    from practica.messaging.permissions import preference_of

    assert preference_of(member).read_receipts is False


def _moderation_payload(member, **extra):
    return {
        "recipient_id": member.pk,
        "sender_id": None,
        "subject": "About your post",
        "body": "Please **anonymise** case details.",
        "review_item_id": 41,
        **extra,
    }


def test_a_moderation_message_arrives_from_the_team(member, published):
    deliver_moderation_message(**_moderation_payload(member, call_request_url="/concern/"))
    conversation = Conversation.objects.get()
    message = conversation.messages.get()
    assert conversation.kind == ConversationKind.MODERATION
    assert message.sender is None
    assert conversation.call_request_url == "/concern/"
    assert published[0][1]["kind"] == "moderation"
    assert published[0][1]["snapshot"]["title"] == "About your post"


def test_a_retried_moderation_delivery_never_duplicates_the_message(member, published):
    deliver_moderation_message(**_moderation_payload(member))
    deliver_moderation_message(**_moderation_payload(member))
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 1
    assert len(published) == 1


def test_a_second_message_about_the_same_item_joins_its_conversation(member):
    deliver_moderation_message(**_moderation_payload(member))
    deliver_moderation_message(**_moderation_payload(member, body="A follow-up."))
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 2


def test_the_moderation_event_reaches_the_handler_through_the_worker(member):
    from django.db import transaction

    from practica.core import events
    from tests.helpers import run_pending_tasks

    with transaction.atomic():
        events.publish("moderation.message", **_moderation_payload(member))
    run_pending_tasks()
    assert Message.objects.filter(conversation__participants__user=member).count() == 1


def test_a_member_cannot_reply_to_the_team_alone(member):
    from practica.messaging.permissions import can_send_in

    deliver_moderation_message(**_moderation_payload(member))
    assert not can_send_in(member, Conversation.objects.get())


def test_erasure_removes_the_text_of_the_erased_members_messages(conversation, member, friend):
    send_message(sender=member, conversation=conversation, body="My own words")
    erase_messages(user_id=member.pk)
    erase_messages(user_id=member.pk)
    mine = Message.objects.get(sender=member)
    assert mine.body == "" and mine.body_html == ""
    assert Message.objects.get(sender=friend).body == "Shall we swap?"
    assert not can_view_conversation(member, conversation)


def test_only_current_participants_pass_the_visibility_registry(conversation, member, friend, staff, moderator):
    from practica.core.visibility import can_see, can_see_text

    message = conversation.messages.get()
    assert can_see(member, message) and can_see(member, conversation)
    assert not can_see(staff, message) and not can_see(moderator, conversation)
    from practica.messaging.services import hide_message

    hide_message(message)
    message.refresh_from_db()
    assert can_see(member, message) and not can_see_text(member, message)


def test_refusal_names_everyone_refused():
    class Person:
        def __init__(self, name):
            self.display_name = name

    assert refusal_for([Person("A"), Person("B")]) == "A, B does not accept private messages."


def test_a_call_link_that_is_not_a_web_address_is_dropped(member):
    deliver_moderation_message(**_moderation_payload(member, call_request_url="javascript:alert(1)"))
    assert Conversation.objects.get().call_request_url == ""


def test_the_menu_count_costs_no_query_once_cached_and_follows_new_messages(conversation, member, friend):
    from tests.helpers import count_queries

    assert unread_conversation_count(member) == 1
    with count_queries() as context:
        assert unread_conversation_count(member) == 1
    assert len(context.captured_queries) == 0
    mark_read(user=member, conversation=conversation)
    assert unread_conversation_count(member) == 0
    send_message(sender=friend, conversation=conversation, body="News")
    assert unread_conversation_count(member) == 1


def test_the_data_export_holds_my_own_messages_only(conversation, member, friend):
    from practica.accounts.queries import build_data_export

    send_message(sender=member, conversation=conversation, body="My words")
    exported = build_data_export(member)["private_messages"]
    assert [m["text"] for m in exported["messages_sent"]] == ["My words"]
    assert exported["preferences"] == {"who_may_message": "anyone", "read_receipts": False}


def test_the_recipient_is_notified_through_the_worker_and_staff_are_not(member, friend, staff):
    from django.db import transaction

    from practica.notifications.models import Notification
    from tests.helpers import run_pending_tasks

    with transaction.atomic():
        conversation = start_conversation(sender=member, recipients=[friend], body="Private words")
    run_pending_tasks()
    notification = Notification.objects.get(recipient=friend)
    assert notification.kind == "message"
    assert notification.snapshot["url"] == f"/messages/{conversation.pk}/"
    assert "Private words" not in str(notification.snapshot)
    assert not Notification.objects.filter(recipient__in=[member, staff]).exists()
