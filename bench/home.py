"""A signed-in session for the benchmark's member, made directly in the session table.

bench/pages.py calls `member_session_cookie(email)` so wrk can request members' pages with a `Cookie` header
without going through the sign-in form. Run as a script inside the benchmark's environment it prints the
cookie for the member given as its argument (default: the demo member of `seed_demo`).
"""

import os
import sys
from pathlib import Path

MEMBER_EMAIL = "member@example.org"


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practica.settings")
    import django

    django.setup()


def member_session_cookie(email: str = MEMBER_EMAIL) -> str:
    """Create a signed-in session for the member, as the sign-in form would, and return `name=key`."""
    setup_django()
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    user = get_user_model().objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # The members-only middleware saves the session only when less than half its lifetime is left; a fresh
    # absolute expiry keeps every measured request free of session writes, as for a member mid-visit.
    session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


if __name__ == "__main__":
    print(member_session_cookie(*sys.argv[1:2]))
