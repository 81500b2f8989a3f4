"""The champions' and moderators' toolbar on a topic page: whether to show it, and the topic's recent actions."""

from django import template

from practica.discussions.models import TopicEvent
from practica.discussions.permissions import can_moderate_topic

register = template.Library()

RECENT_EVENTS = 5


@register.simple_tag
def topic_curation(topic, user):
    """None for people who may not moderate the topic; otherwise its latest actions, newest first (2 queries)."""
    if topic is None or not can_moderate_topic(user, topic):
        return None
    events = list(
        TopicEvent.objects.filter(topic=topic)
        .select_related("actor")
        .order_by("-created_at", "-pk")[: RECENT_EVENTS + 1]
    )
    return {"events": events[:RECENT_EVENTS], "more": len(events) > RECENT_EVENTS}
