from practica.messaging import demo
from practica.messaging.models import Conversation
from tests.factories import UserFactory


def test_the_demo_shows_a_conversation_and_a_team_message_once(db):
    member = UserFactory(email="member@example.org")
    UserFactory(email="champion@example.org")
    demo.load()
    demo.load()
    conversations = Conversation.objects.visible_to(member)
    assert conversations.count() == 2
    assert conversations.filter(kind="moderation").count() == 1
    assert conversations.get(kind="normal").message_count == 3
