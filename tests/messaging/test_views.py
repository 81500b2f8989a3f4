"""The messaging pages as people use them: who sees what, the conversation flow, and fixed query costs."""

import itertools
import re

import pytest
from django.urls import reverse

from practica.accounts.services.blocks import block_member
from practica.core.models import AuditEntry
from practica.discussions.services.posting import start_topic
from practica.messaging.choices import WhoMayMessage
from practica.messaging.models import Conversation, Message
from practica.messaging.services import send_message, start_conversation, update_preferences
from practica.moderation.choices import ItemKind, ItemStatus
from practica.moderation.models import ReviewItem
from practica.moderation.services.queue import open_item
from tests.conftest import _client_for
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for

_keys = itertools.count(1)


def _url(conversation) -> str:
    return reverse("messaging:conversation", args=[conversation.pk])


def _new(*recipients, **params) -> str:
    query = "&".join([f"to={person.pk}" for person in recipients] + [f"{k}={v}" for k, v in params.items()])
    return f"{reverse('messaging:new')}?{query}"


# The inbox.


def test_the_inbox_lists_my_conversations_with_unread_counts(member_client, conversation):
    page = member_client.get(reverse("messaging:inbox")).content.decode()
    assert "Supervision swap" in page
    assert "1 unread message" in page


def test_the_inbox_never_shows_others_conversations(staff_client, conversation):
    page = staff_client.get(reverse("messaging:inbox")).content.decode()
    assert "Supervision swap" not in page
    assert "You have no conversations yet" in page


def test_the_main_menu_shows_the_unread_count(member_client, conversation):
    page = member_client.get(reverse("core:home")).content.decode()
    assert "conversation with unread messages" in page


def test_unread_first_puts_unread_conversations_on_top(member_client, member, friend):
    older = start_conversation(sender=friend, recipients=[member], subject="Older unread", body="Hi")
    newer = start_conversation(sender=member, recipients=[friend], subject="Newer read", body="Hi")
    assert older.last_message_at < newer.last_message_at
    page = member_client.get(reverse("messaging:inbox") + "?order=unread").content.decode()
    assert page.index("Older unread") < page.index("Newer read")
    page = member_client.get(reverse("messaging:inbox")).content.decode()
    assert page.index("Newer read") < page.index("Older unread")


# A conversation.


def test_a_participant_reads_the_conversation_and_it_is_marked_read(member_client, member, conversation):
    page = member_client.get(_url(conversation)).content.decode()
    assert "Shall we swap?" in page
    assert "Leave conversation" in page
    assert member.conversations.get().unread_count == 0


@pytest.mark.parametrize("persona", ["moderator", "staff", "admin"])
def test_moderators_and_staff_get_404_on_private_conversations(persona, conversation, request):
    client = _client_for(request.getfixturevalue(persona))
    assert client.get(_url(conversation)).status_code == 404
    assert client.post(_url(conversation), {"body": "Intrusion"}).status_code == 404
    assert Message.objects.count() == 1


def test_a_participant_replies_and_is_taken_to_the_latest_message(member_client, conversation):
    response = member_client.post(_url(conversation), {"body": "Yes, **gladly**", "idempotency_key": "abc"})
    assert response.status_code == 302
    assert response.url.endswith("#latest")
    page = member_client.get(response.url).content.decode()
    assert "<strong>gladly</strong>" in page
    assert "Your message is sent." in page
    # A double click sends once.
    member_client.post(_url(conversation), {"body": "Yes, **gladly**", "idempotency_key": "abc"})
    assert conversation.messages.count() == 2


def test_an_empty_reply_is_explained_next_to_the_field(member_client, conversation):
    response = member_client.post(_url(conversation), {"body": ""})
    assert response.status_code == 200
    assert "Please write a message before sending." in response.content.decode()


def test_a_reply_that_may_identify_a_client_is_held_until_confirmed(member_client, conversation):
    text = "My client's NHS number is 943 476 5919"
    response = member_client.post(_url(conversation), {"body": text})
    assert "Could this identify a client?" in response.content.decode()
    assert "943 476 5919" in response.content.decode()
    assert conversation.messages.count() == 1
    member_client.post(_url(conversation), {"body": text, "confidentiality_confirmed": "1"})
    assert conversation.messages.count() == 2


def test_the_preview_shows_the_rendered_text_and_sends_nothing(member_client, conversation):
    response = member_client.post(_url(conversation), {"body": "*soft*", "preview": "1"})
    assert "<em>soft</em>" in response.content.decode()
    assert conversation.messages.count() == 1


def test_a_long_conversation_opens_at_its_latest_page(member_client, member, friend, conversation):
    for number in range(55):
        send_message(sender=friend, conversation=conversation, body=f"Message number {number}")
    page = member_client.get(_url(conversation)).content.decode()
    assert "Message number 54" in page
    assert "Shall we swap?" not in page
    assert "Earlier messages" in page
    assert "Shall we swap?" in member_client.get(_url(conversation) + "?page=1").content.decode()


def test_read_receipts_show_only_when_everyone_shares_them(member_client, member, friend, conversation):
    send_message(sender=member, conversation=conversation, body="Mine")
    assert "Seen by" not in member_client.get(_url(conversation)).content.decode()
    update_preferences(user=member, who_may_message=WhoMayMessage.ANYONE, read_receipts=True)
    assert "Not seen yet" not in member_client.get(_url(conversation)).content.decode()
    update_preferences(user=friend, who_may_message=WhoMayMessage.ANYONE, read_receipts=True)
    assert "Not seen yet" in member_client.get(_url(conversation)).content.decode()
    _client_for(friend).get(_url(conversation))
    assert f"Seen by {friend.display_name}" in member_client.get(_url(conversation)).content.decode()


def test_messages_from_a_blocked_member_are_collapsed_for_the_blocker(member_client, member, friend, conversation):
    block_member(blocker=member, blocked=friend)
    page = member_client.get(_url(conversation)).content.decode()
    assert "You blocked this member" in page
    assert "Show the message" in page


def test_each_message_offers_flag_report_and_block(member_client, friend, conversation):
    message = conversation.messages.get()
    page = member_client.get(_url(conversation)).content.decode()
    assert reverse("moderation:flag", args=["messaging.message", message.pk]) in page
    assert reverse("moderation:report") in page
    assert reverse("accounts:block", args=[friend.pk]) in page


def test_my_own_messages_offer_no_flag(friend, conversation):
    page = _client_for(friend).get(_url(conversation)).content.decode()
    assert "moderation/flag/" not in page


def test_a_member_who_flagged_a_message_is_taken_back_to_it(member_client, conversation):
    message = conversation.messages.get()
    response = member_client.get(reverse("messaging:reported-message", args=[message.pk]))
    assert response.status_code == 302
    assert response.url == f"{_url(conversation)}?page=1#message-{message.pk}"
    assert not AuditEntry.objects.filter(action="messaging.reported_message_viewed").exists()


def test_a_member_flags_a_message_through_moderation(member_client, member, conversation):
    message = conversation.messages.get()
    flag_url = reverse("moderation:flag", args=["messaging.message", message.pk])
    assert member_client.get(flag_url).status_code == 200
    response = member_client.post(flag_url, {"reason": "bullying", "details": "Unwelcome"})
    assert response.status_code == 302
    assert ReviewItem.objects.filter(object_id=message.pk).exists()


def test_moderators_and_staff_read_a_message_linked_from_a_report(member, staff_client, moderator_client, conversation):
    from practica.moderation.services.reports import submit_report

    message = conversation.messages.get()
    link = reverse("messaging:reported-message", args=[message.pk])
    report = submit_report(reporter=member, category="bullying", details="Unwelcome messages", links=[link])
    assert report.links.get().object_id == message.pk
    # Moderators review reports as well as flags (DESIGN.md's roles): both see the message, and each view is logged.
    assert "Shall we swap?" in moderator_client.get(link).content.decode()
    assert "Shall we swap?" in staff_client.get(link).content.decode()


def test_leaving_takes_the_conversation_away(member_client, conversation):
    assert "cannot rejoin" in member_client.get(reverse("messaging:leave", args=[conversation.pk])).content.decode()
    response = member_client.post(reverse("messaging:leave", args=[conversation.pk]))
    assert response.url == reverse("messaging:inbox")
    assert member_client.get(_url(conversation)).status_code == 404
    assert "Supervision swap" not in member_client.get(reverse("messaging:inbox")).content.decode()


def test_the_others_see_who_left(conversation, member_client, friend):
    member_client.post(reverse("messaging:leave", args=[conversation.pk]))
    assert "(left)" in _client_for(friend).get(_url(conversation)).content.decode()


def test_muting_and_unmuting(member_client, conversation):
    member_client.post(reverse("messaging:mute", args=[conversation.pk]), {"muted": "1"})
    assert "Unmute" in member_client.get(_url(conversation)).content.decode()
    member_client.post(reverse("messaging:mute", args=[conversation.pk]), {"muted": "0"})
    assert conversation.participants.filter(muted=True).count() == 0


# Starting a conversation.


def test_the_profile_offers_to_send_a_message(member_client, friend):
    page = member_client.get(reverse("accounts:profile", args=[friend.pk])).content.decode()
    assert "Send a message" in page
    assert reverse("messaging:new") + f"?to={friend.pk}" in page


def test_my_own_profile_offers_no_message_button(member_client, member):
    assert "Send a message" not in member_client.get(reverse("accounts:profile", args=[member.pk])).content.decode()


def test_starting_from_a_profile_sends_the_first_message(member_client, member, friend):
    page = member_client.get(_new(friend)).content.decode()
    assert friend.display_name in page
    assert "Write your message" in page
    response = member_client.post(
        reverse("messaging:new"), {"to": [friend.pk], "subject": "Hello", "body": "Nice to meet you"}
    )
    conversation = Conversation.objects.get()
    assert response.url == _url(conversation)
    assert conversation.subject == "Hello"


def test_a_recipient_who_accepts_nothing_is_named_before_typing(member_client, friend):
    update_preferences(user=friend, who_may_message=WhoMayMessage.NOBODY, read_receipts=False)
    page = member_client.get(_new(friend)).content.decode()
    assert f"{friend.display_name} does not accept private messages." in page
    assert 'name="body"' not in page


def test_a_blocking_recipient_gets_the_very_same_page(member_client, member, friend):
    other = UserFactory(display_name=friend.display_name)
    update_preferences(user=other, who_may_message=WhoMayMessage.NOBODY, read_receipts=False)
    block_member(blocker=friend, blocked=member)
    blocked = member_client.get(_new(friend)).content.decode()
    refused = member_client.get(_new(other)).content.decode()

    def main_of(html, person):
        return re.sub(rf"\b{person.pk}\b", "#", html.split("<main")[1].replace(person.handle, "@"))

    assert main_of(blocked, friend) == main_of(refused, other)


def test_a_recipient_who_changes_their_mind_while_the_sender_types_keeps_the_text(member_client, friend):
    update_preferences(user=friend, who_may_message=WhoMayMessage.NOBODY, read_receipts=False)
    response = member_client.post(reverse("messaging:new"), {"to": [friend.pk], "body": "My careful words"})
    page = response.content.decode()
    assert "does not accept private messages" in page
    assert not Conversation.objects.exists()


def test_members_are_found_by_name_and_added(member_client, friend):
    page = member_client.get(reverse("messaging:new") + "?q=Fran").content.decode()
    assert "Members found" in page
    assert f"to={friend.pk}" in page


def test_unlisted_members_cannot_be_picked_by_id(member_client, friend):
    friend.profile.listed_in_directory = False
    friend.profile.save()
    page = member_client.get(_new(friend)).content.decode()
    assert friend.display_name not in page


def test_a_post_prefills_its_author_and_offers_the_link(member_client, member, friend):
    community = CommunityFactory()
    add_member(community, member)
    add_member(community, friend)
    post = start_topic(author=friend, community=community, title="Supervision models", body="Which?").post
    page = member_client.get(reverse("discussions:topic", args=[post.topic_id])).content.decode()
    assert "Message the author" in page
    friend.profile.listed_in_directory = False
    friend.profile.save()
    page = member_client.get(_new(friend, post=post.pk)).content.decode()
    assert friend.display_name in page and "Write your message" in page


def test_a_closed_communitys_post_does_not_reveal_its_author(member_client, friend):
    closed = CommunityFactory(membership="closed")
    add_member(closed, friend)
    post = start_topic(author=friend, community=closed, title="Private case", body="Anonymised").post
    friend.profile.listed_in_directory = False
    friend.profile.save()
    assert friend.display_name not in member_client.get(_new(friend, post=post.pk)).content.decode()


def test_too_many_recipients_are_explained(member_client, settings):
    settings.MESSAGING_MAX_PARTICIPANTS = 2
    people = [UserFactory() for _ in range(2)]
    page = member_client.get(_new(*people)).content.decode()
    assert "at most 2 people" in page
    assert 'name="body"' not in page


def test_staff_may_send_a_moderation_message_to_someone_who_blocked_them(staff_client, staff, friend):
    block_member(blocker=friend, blocked=staff)
    page = staff_client.get(_new(friend)).content.decode()
    assert "does not accept private messages" in page
    assert "Send as a moderation message" in page
    refused = staff_client.post(reverse("messaging:new"), {"to": [friend.pk], "body": "About your post"})
    assert "does not accept private messages" in refused.content.decode()
    assert not Conversation.objects.exists()
    response = staff_client.post(
        reverse("messaging:new"), {"to": [friend.pk], "body": "About your post", "as_team": "on"}
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.is_moderation
    page = _client_for(friend).get(_url(conversation)).content.decode()
    assert "From the Communities of Practice team" in page


def test_members_are_not_offered_moderation_messages(member_client, friend):
    assert "as_team" not in member_client.get(_new(friend)).content.decode()
    member_client.post(reverse("messaging:new"), {"to": [friend.pk], "body": "Hi", "as_team": "on"})
    assert not Conversation.objects.get().is_moderation


def test_a_team_message_shows_in_the_inbox_and_offers_a_call(member_client, member):
    from practica.messaging.handlers import deliver_moderation_message

    deliver_moderation_message(
        recipient_id=member.pk, subject="About your post", body="Please anonymise.", call_request_url="/concern/"
    )
    inbox = member_client.get(reverse("messaging:inbox")).content.decode()
    assert "From the Communities of Practice team" in inbox
    page = member_client.get(_url(Conversation.objects.get())).content.decode()
    assert "Ask for a call" in page
    assert 'name="body"' not in page


# Settings.


def test_preferences_are_saved(member_client, member):
    page = member_client.get(reverse("messaging:preferences")).content.decode()
    assert "Who may start a private conversation with you?" in page
    response = member_client.post(
        reverse("messaging:preferences"), {"who_may_message": "communities", "read_receipts": "on"}
    )
    assert response.status_code == 302
    assert member.messaging_preference.who_may_message == "communities"
    assert member.messaging_preference.read_receipts is True


# The moderators' view of a reported message.


def _flag(message):
    return open_item(kind=ItemKind.FLAGGED, target=message, author=message.sender, snapshot={"title": "x"})


def test_a_moderator_reads_a_flagged_message_and_the_view_is_logged(moderator_client, moderator, conversation):
    message = conversation.messages.get()
    _flag(message)
    page = moderator_client.get(reverse("messaging:reported-message", args=[message.pk])).content.decode()
    assert "Shall we swap?" in page
    moderator_client.get(reverse("messaging:reported-message", args=[message.pk]))
    entries = AuditEntry.objects.filter(action="messaging.reported_message_viewed", actor=moderator)
    assert entries.count() == 2
    assert entries.first().target_id == str(message.pk)


def test_an_unflagged_message_is_404_even_for_staff(staff_client, conversation):
    message = conversation.messages.get()
    assert staff_client.get(reverse("messaging:reported-message", args=[message.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="messaging.reported_message_viewed").exists()


def test_a_message_in_a_resolved_report_stays_readable_to_moderators_and_staff(
    moderator_client, staff_client, conversation
):
    message = conversation.messages.get()
    ReviewItem.objects.create(
        kind=ItemKind.REPORT,
        content_type_id=_flag(message).content_type_id,
        object_id=message.pk,
        status=ItemStatus.RESOLVED,
    )
    ReviewItem.objects.filter(kind=ItemKind.FLAGGED).delete()
    assert moderator_client.get(reverse("messaging:reported-message", args=[message.pk])).status_code == 200
    assert staff_client.get(reverse("messaging:reported-message", args=[message.pk])).status_code == 200


def test_the_queue_describes_a_flagged_message_with_its_text(conversation):
    from practica.moderation.targets import adapter_for

    message = conversation.messages.get()
    described = adapter_for(message).describe(message)
    assert described["text"] == "Shall we swap?"
    assert described["url"] == reverse("messaging:reported-message", args=[message.pk])
    assert adapter_for(message).community_of(message) is None


# Query counts: the same with 1 and with 50.


def test_the_inbox_costs_the_same_with_1_and_50_conversations(member_client, member):
    def add(n):
        for _ in range(n):
            start_conversation(
                sender=UserFactory(), recipients=[member], body="Hello", idempotency_key=str(next(_keys))
            )

    add(1)
    with_one = queries_for(member_client, reverse("messaging:inbox"))
    add(49)
    with_fifty = queries_for(member_client, reverse("messaging:inbox"))
    assert with_one == with_fifty


def test_a_conversation_costs_the_same_with_1_and_50_messages(member_client, member, friend, conversation):
    with_one = queries_for(member_client, _url(conversation))
    for number in range(49):
        send_message(sender=friend, conversation=conversation, body=f"Message {number}")
    conversation.refresh_from_db()
    with_fifty = queries_for(member_client, _url(conversation))
    assert with_one == with_fifty


def test_a_group_conversation_costs_the_same_with_2_and_10_people(member_client, member):
    small = start_conversation(sender=member, recipients=[UserFactory()], body="Hi")
    large = start_conversation(sender=member, recipients=[UserFactory() for _ in range(9)], body="Hi")
    assert queries_for(member_client, _url(small)) == queries_for(member_client, _url(large))


def test_a_member_outside_the_conversation_gets_404_everywhere(conversation):
    outsider = _client_for(UserFactory())
    for name in ("messaging:conversation", "messaging:leave"):
        assert outsider.get(reverse(name, args=[conversation.pk])).status_code == 404
    assert outsider.post(reverse("messaging:mute", args=[conversation.pk]), {"muted": "1"}).status_code == 404
    assert outsider.post(reverse("messaging:leave", args=[conversation.pk])).status_code == 404
    assert outsider.post(_url(conversation), {"body": "Hello"}).status_code == 404
    assert conversation.messages.count() == 1


def test_a_silenced_member_reads_but_cannot_reply(member, member_client, conversation):
    import datetime

    from django.utils import timezone

    member.silenced_until = timezone.now() + datetime.timedelta(days=1)
    member.save(update_fields=["silenced_until"])
    page = member_client.get(_url(conversation)).content.decode()
    assert "Shall we swap?" in page
    assert "You cannot send messages at the moment." in page
    assert member_client.post(_url(conversation), {"body": "Hello"}).status_code == 403
    assert member_client.get(reverse("messaging:new")).status_code == 403
