"""The first benchmark: the bare response, the signed-in home page and the sign-in page.

bench/run imports SCENARIOS from here. Run as a script (inside the benchmark's environment, after
seed_demo) it prints a session cookie for the demo member, so wrk can request members' pages signed in
without going through the sign-in form.
"""

import os
import sys
from dataclasses import dataclass
from pathlib import Path

MEMBER_EMAIL = "member@example.org"


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    signed_in: bool = False
    # Text the response must contain, checked once before measuring, so a redirect or an error page is never
    # timed by mistake.
    expect: str = ""


BARE = Scenario("bare response", "/bench/hello/", expect="Hello")
PAGES = [
    Scenario("home (signed in)", "/", signed_in=True, expect="Maya Okafor"),
    Scenario("sign-in page", "/account/login/", expect='name="password"'),
]


def member_session_cookie() -> str:
    """Create a signed-in session for the demo member, as the sign-in form would, and return its key."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practica.settings")
    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    user = get_user_model().objects.get(email=MEMBER_EMAIL)
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
    print(member_session_cookie())
