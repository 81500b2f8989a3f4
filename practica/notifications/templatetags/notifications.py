from django import template

from practica.notifications.choices import WatchLevel
from practica.notifications.queries import effective_level, topic_watch_levels
from practica.notifications.wording import headline as _headline

register = template.Library()


@register.simple_tag(takes_context=True)
def topic_watch(context, topic) -> dict:
    """The topic page's watch control: the topic's own level and what the member effectively gets."""
    user = context["request"].user
    if not user.is_authenticated:
        return {}
    topic_level, community_level = topic_watch_levels(user, topic)
    return {
        "level": topic_level or "",
        "community_level": community_level or WatchLevel.NORMAL,
        "effective": effective_level(topic_level, community_level),
        "levels": WatchLevel.choices,
    }


@register.filter
def headline(notification) -> str:
    return _headline(notification)


@register.filter
def watch_label(level: str) -> str:
    return str(WatchLevel(level).label) if level in WatchLevel.values else ""
