from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse

from practica.messaging.queries import unread_conversation_count

register = template.Library()


@register.simple_tag
def unread_conversations(user) -> int:
    """Conversations with unread messages, for the main menu (one indexed query per page)."""
    return unread_conversation_count(user)


@register.filter
def message_flag_url(message_pk) -> str:
    """Moderation's flag page for a message, or "" while moderation offers none (the Report link remains)."""
    try:
        return reverse("moderation:flag", args=["messaging.message", message_pk])
    except NoReverseMatch:
        return ""


@register.filter
def others_in(conversation, user) -> list:
    """The conversation's participants other than `user` (from the inbox's prefetch: no query)."""
    return [participant for participant in conversation.participants.all() if participant.user_id != user.pk]


@register.filter
def message_report_url(message_pk) -> str:
    """The report form, pointing at the message (the report captures what the reporter could read)."""
    link = reverse("messaging:reported-message", args=[message_pk])
    try:
        return f"{reverse('moderation:report')}?{urlencode({'link': link})}"
    except NoReverseMatch:
        return reverse("accounts:report-concern")
