"""Demo data for private messages: a conversation between the demo member and the champion, and a message from
the Communities of Practice team. Written through the services; skipped when conversations already exist."""

from practica.accounts.models import User
from practica.messaging.models import Conversation
from practica.messaging.services import send_message, send_moderation_message, start_conversation

CONVERSATION = [
    (
        "champion",
        "Hello Maya, thank you for your thoughts on endings in the online practice thread. Would you be willing to "
        "say a little more about it at next month's meeting? Ten minutes would be plenty.",
    ),
    (
        "member",
        "Hi Tom, I'd be glad to. I could bring the **contracting checklist** I use for planned endings, "
        "anonymised of course.",
    ),
    ("champion", "Perfect. I'll add you to the agenda and send the joining details nearer the time."),
]

TEAM_MESSAGE = (
    "Hello Maya,\n\n"
    "Thank you for your post in the supervision community. A member flagged it because it mentioned the town "
    "where a client works. We have hidden it for now: could you edit it to remove that detail? It will be "
    "visible again once you have.\n\n"
    "Our guideline is to *anonymise client information if discussing cases*. Thank you for helping keep the "
    "communities safe.\n\n"
    "The Communities of Practice team"
)


def load() -> None:
    """Write the demo's conversations once; running it again changes nothing."""
    if Conversation.objects.exists():
        return
    people = {
        "member": User.objects.filter(email="member@example.org").first(),
        "champion": User.objects.filter(email="champion@example.org").first(),
    }
    if None in people.values():
        return
    (first_sender, first_body), *replies = CONVERSATION
    conversation = start_conversation(
        sender=people[first_sender],
        recipients=[people["member"]],
        subject="Speaking at next month's meeting",
        body=first_body,
    )
    for sender, body in replies:
        send_message(sender=people[sender], conversation=conversation, body=body)
    send_moderation_message(
        recipient=people["member"],
        subject="About your post in the supervision community",
        body=TEAM_MESSAGE,
        idempotency_key="demo-team-message",
    )
