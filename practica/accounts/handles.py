"""Handles for @mentions: `maya-okafor`, then `maya-okafor-2` when taken. Made once, from the display name."""

from django.utils.text import slugify

MAX_LENGTH = 40


def handle_base(display_name: str) -> str:
    base = slugify(display_name)[: MAX_LENGTH - 6].strip("-") or "member"
    return base if len(base) >= 2 else f"{base}-member"


def assign_handle(user) -> str:
    """Give the user a unique handle if they have none, and return it."""
    from practica.accounts.models import User

    if user.handle:
        return user.handle
    base = handle_base(user.display_name)
    candidate, suffix = base, 1
    while User.objects.filter(handle=candidate).exclude(pk=user.pk).exists():
        suffix += 1
        candidate = f"{base}-{suffix}"
    User.objects.filter(pk=user.pk).update(handle=candidate)
    user.handle = candidate
    return candidate
