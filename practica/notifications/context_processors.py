"""The bell in the header: the member's unread count, counted only if the page really shows it."""

from functools import cache


def bell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # A callable, so a page that never renders the bell (an e-mail, an error page) costs no query, and one
    # that does costs exactly one (cached for the rest of the render).
    @cache
    def unread_count() -> int:
        from practica.notifications.queries import count_unread

        return count_unread(user)

    return {"notifications_unread": unread_count}
