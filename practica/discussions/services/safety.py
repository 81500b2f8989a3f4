"""Safety checks a new post passes before it is counted and shown: pre-moderation and slow mode.

Pre-moderation: a post whose text contains one of the site's advertising words, or names one of its listed
link domains, is saved but held (`Post.awaiting_review`) until a moderator approves it. The words and domains
are moderation's settings; moderation sits above discussions, so it registers a provider here when it loads
(`register_hold_rules`) rather than discussions importing it. Without a provider nothing is held.

Slow mode (`Topic.slow_mode_minutes` until `Topic.slow_mode_until`, set by moderation on a pile-on): one post
per member per that many minutes. Champions of the community, moderators and staff are exempt.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.core import events
from practica.discussions.models import Post, Topic
from practica.discussions.permissions import can_moderate_topic


@dataclass(frozen=True)
class HoldRules:
    """Words (or phrases) and link domains that hold a post for review; matched without regard to case."""

    words: tuple[str, ...] = field(default_factory=tuple)
    domains: tuple[str, ...] = field(default_factory=tuple)


_hold_rules_provider: Callable[[], HoldRules] | None = None


def register_hold_rules(provider: Callable[[], HoldRules] | None) -> None:
    """Moderation tells discussions where the current words and domains come from (None: hold nothing)."""
    global _hold_rules_provider
    _hold_rules_provider = provider


def current_hold_rules() -> HoldRules:
    return _hold_rules_provider() if _hold_rules_provider is not None else HoldRules()


def _contains_word(text: str, word: str) -> bool:
    # Whole words only: "sale" holds "Sale now on" but not "wholesale" or "salesforce".
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def _names_domain(text: str, domain: str) -> bool:
    # The domain itself or any subdomain of it, written as a link or as plain text: "shop.example.com" and
    # "https://example.com/offer" both name example.com; "notexample.com" and "example.community" do not.
    pattern = rf"(?<![\w.-])(?:[\w-]+\.)*{re.escape(domain)}(?![\w-])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def should_hold(text: str, rules: HoldRules | None = None) -> bool:
    """Does this text contain a listed word or name a listed domain?"""
    rules = rules if rules is not None else current_hold_rules()
    return any(_contains_word(text, word) for word in rules.words) or any(
        _names_domain(text, domain) for domain in rules.domains
    )


def is_exempt_from_holds(user, topic: Topic) -> bool:
    """Champions of the community, moderators and staff are trusted to post without pre-moderation or slow mode."""
    return can_moderate_topic(user, topic)


def hold_for_review(user, topic: Topic, text: str) -> bool:
    return not is_exempt_from_holds(user, topic) and should_hold(text)


# Slow mode.


def slow_mode_is_on(topic: Topic, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(topic.slow_mode_minutes) and topic.slow_mode_until is not None and topic.slow_mode_until > now


def next_post_allowed_at(user, topic: Topic, now: datetime | None = None) -> datetime | None:
    """When this member may post again in a topic in slow mode; None when they may post now."""
    now = now or timezone.now()
    if not slow_mode_is_on(topic, now) or not getattr(user, "is_authenticated", False):
        return None
    if is_exempt_from_holds(user, topic):
        return None
    # Every post counts, deleted or held too: deleting a post must not be a way round the wait.
    last = (
        Post.objects.filter(topic=topic, author=user)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is None:
        return None
    allowed_at = last + timedelta(minutes=topic.slow_mode_minutes)
    return allowed_at if allowed_at > now else None


def slow_mode_message(user, topic: Topic, now: datetime | None = None) -> str | None:
    """What to show next to the reply box when the member must wait; None when they may post."""
    allowed_at = next_post_allowed_at(user, topic, now)
    if allowed_at is None:
        return None
    return _(
        "This topic is in slow mode: each member can post once every %(minutes)s minutes. "
        "You can post again at %(time)s."
    ) % {"minutes": topic.slow_mode_minutes, "time": timezone.localtime(allowed_at).strftime("%H:%M")}


def slow_mode_notice(topic: Topic, now: datetime | None = None) -> str | None:
    """The notice every reader of a topic in slow mode sees, whether or not they must wait."""
    if not slow_mode_is_on(topic, now):
        return None
    return _("This topic is in slow mode: each member can post once every %(minutes)s minutes.") % {
        "minutes": topic.slow_mode_minutes
    }


@transaction.atomic
def set_slow_mode(*, topic: Topic, minutes: int, until: datetime) -> bool:
    """Put a topic in slow mode (or extend it). The caller (moderation) has checked who may and records it.
    Returns False when the topic was already in slow mode at least this long (nothing changed)."""
    changed = (
        Topic.objects.filter(pk=topic.pk)
        .exclude(slow_mode_minutes__gte=minutes, slow_mode_until__gte=until)
        .update(slow_mode_minutes=minutes, slow_mode_until=until)
    )
    topic.refresh_from_db(fields=["slow_mode_minutes", "slow_mode_until"])
    return bool(changed)


# Held posts: approved or rejected by moderation (which checks permission and records the decision).


@transaction.atomic
def release_held_post(*, post: Post) -> bool:
    """A held post is approved: it is shown, counted and announced as if it had just been posted.
    Returns False when it was not (or no longer) held, so a retry does nothing twice."""
    from practica.discussions.services.posting import recount_topic

    if not Post.objects.filter(pk=post.pk, awaiting_review=True, deleted_at__isnull=True).update(awaiting_review=False):
        return False
    post.refresh_from_db()
    recount_topic(post.topic)
    if post.created_at >= timezone.now() - timedelta(days=30):
        Community.objects.filter(pk=post.topic.community_id).update(posts_last_30_days=F("posts_last_30_days") + 1)
    events.publish("post.created", post_id=post.pk)
    if post.number == 1:
        events.publish("topic.created", topic_id=post.topic_id)
    return True


@transaction.atomic
def reject_held_post(*, post: Post) -> bool:
    """A held post is rejected: it is deleted (a held opening post takes its topic with it, since nobody
    else ever saw the topic). Returns False when it was not held any more."""
    held = Post.objects.select_for_update().filter(pk=post.pk, awaiting_review=True, deleted_at__isnull=True).first()
    if held is None:
        return False
    if held.number == 1 and not Post.objects.filter(topic_id=held.topic_id).exclude(pk=held.pk).exists():
        Topic.objects.filter(pk=held.topic_id).delete()
        return True
    Post.objects.filter(pk=held.pk).update(deleted_at=timezone.now())
    return True
