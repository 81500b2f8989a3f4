"""A reported private message's text on the review queue's item page: each reviewer's view is logged, the same
way messaging's own reported-message page logs it."""

import pytest
from django.urls import reverse

from practica.core.models import AuditEntry
from practica.messaging.services import start_conversation
from practica.moderation.services.flags import raise_flag
from practica.moderation.services.reports import submit_report
from tests.factories import UserFactory
from tests.moderation.test_flags_scene import client_for

VIEWED = "messaging.reported_message_viewed"


@pytest.fixture
def message(member):
    sender = UserFactory(display_name="Rex Rude")
    conversation = start_conversation(sender=sender, recipients=[member], subject="Hello", body="You are useless.")
    return conversation.messages.get()


def test_each_moderator_view_of_a_flagged_message_is_logged(message, member, moderator):
    item = raise_flag(flagger=member, target=message, reason="bullying").review_item
    url = reverse("moderation:item", args=[item.pk])
    page = client_for(moderator).get(url).content.decode()
    assert "You are useless." in page
    client_for(moderator).get(url)
    entries = AuditEntry.objects.filter(action=VIEWED, actor=moderator)
    assert entries.count() == 2
    assert {entry.target_id for entry in entries} == {str(message.pk)}
    assert entries.first().target_type == "messaging.message"


def test_a_report_linking_a_message_logs_its_readers_too(message, member, moderator, staff):
    link = reverse("messaging:reported-message", args=[message.pk])
    report = submit_report(reporter=member, category="bullying", details="See this message.", links=[link])
    for reader in (moderator, staff):
        page = client_for(reader).get(reverse("moderation:item", args=[report.review_item_id])).content.decode()
        assert "You are useless." in page
        assert AuditEntry.objects.filter(action=VIEWED, actor=reader, target_id=str(message.pk)).count() == 1
