"""Objects of the messaging app for the access matrix (tests/test_access_matrix.py). Keys start with "messaging".

The site `member` persona is in a conversation with the discussions' topic author; every other persona
(moderators, staff and admins included) is an outsider to it and must get 404. One message of that
conversation is flagged, so its reviewers (moderators and staff) may open the reported-message page.
"""

import pytest

from practica.messaging.services import start_conversation
from practica.moderation.choices import ItemKind
from practica.moderation.services.queue import open_item


@pytest.fixture
def messaging_world(db, discussion_world, member, staff) -> dict:
    author = discussion_world["topic_author"]
    conversation = start_conversation(
        sender=author, recipients=[member], subject="Supervision swap", body="Would you like to swap supervision?"
    )
    message = conversation.messages.get()
    open_item(kind=ItemKind.FLAGGED, target=message, author=author, snapshot={"title": "Supervision swap"})
    return {"messaging_conversation": conversation, "messaging_flagged_message": message}
