"""Who may see an object, asked by the apps that point at others' objects (notifications, moderation, search).

Each app registers the check for its models when it loads (`register("discussions.post", can_see_post)`), so
an app can ask about an object of an app beside or above it without importing it. Unregistered models are
invisible: a forgotten registration hides, it never leaks.
"""

from collections.abc import Callable

from django.db import models

Check = Callable[[object, models.Model], bool]
_checks: dict[str, Check] = {}


def register(model_label: str, check: Check) -> None:
    _checks[model_label.lower()] = check


def can_see(user, obj: models.Model | None) -> bool:
    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    check = _checks.get(obj._meta.label_lower)
    return bool(check and check(user, obj))


_text_checks: dict[str, Check] = {}


def register_text(model_label: str, check: Check) -> None:
    """Whether a thing's text may be shown away from its own page (excerpts in notifications and e-mails,
    search snippets, quotes, previews). A hidden, held or removed post is visible as a placeholder on its
    page but its text must not travel: the registering app says so here."""
    _text_checks[model_label.lower()] = check


def can_see_text(user, obj: models.Model | None) -> bool:
    if not can_see(user, obj):
        return False
    check = _text_checks.get(obj._meta.label_lower)
    return check(user, obj) if check else True


def has_text_check(model_label: str) -> bool:
    """Whether the model's app registered a separate check for its text travelling (if not, seeing it is enough):
    callers that already know an object is visible skip asking again."""
    return model_label.lower() in _text_checks
