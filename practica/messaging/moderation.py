"""How moderation shows, hides and purges a private message (practica.moderation.targets).

A flagged message reaches the queue with its text (describe), so reviewers need not open the conversation;
the queue links to messaging:reported-message, which shows that one message and logs every view.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practica.messaging import permissions, services
from practica.moderation.targets import TargetAdapter


def describe(message) -> dict:
    conversation = message.conversation
    sender = message.sender
    return {
        "title": conversation.subject or _("Private message"),
        "text": message.body,
        "url": reverse("messaging:reported-message", args=[message.pk]),
        "author_name": sender.display_name if sender is not None else _("Communities of Practice team"),
    }


def message_target() -> TargetAdapter:
    return TargetAdapter(
        label="messaging.message",
        noun=gettext_lazy("private message"),
        describe=describe,
        author_of=lambda message: message.sender,
        community_of=lambda message: None,
        can_view=permissions.can_view_message,
        hide=services.hide_message,
        unhide=services.unhide_message,
        delete=services.remove_message,
        purge=services.purge_message,
        is_hidden=lambda message: message.hidden_at is not None,
    )
