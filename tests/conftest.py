"""Personas used everywhere: anonymous, member, lapsed, suspended, moderator, staff, admin.

Each `<persona>_client` fixture is a Django test client signed in as that persona.
"""

import datetime
import socket

import pytest
from django.test import Client
from django.utils import timezone

from practica.accounts.choices import Role
from tests.factories import UserFactory

# Fixtures shared by the access matrix and the app tests.
pytest_plugins = [
    "tests.community_world",
    "tests.discussion_world",
    "tests.library_world",
    "tests.meetings_world",
    "tests.moderation_world",
    "tests.notifications_world",
    "tests.messaging_world",
    "tests.experts_world",
    "tests.development_world",
    "tests.surveys_world",
    "tests.search_world",
    "tests.insights_world",
]

PERSONAS = ("anonymous", "member", "lapsed", "suspended", "moderator", "staff", "admin")


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch, request):
    """Unit tests never reach the network; only loopback (the test servers) is allowed."""
    if request.node.get_closest_marker("browser"):
        return
    real_connect = socket.socket.connect

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in {"127.0.0.1", "localhost", "::1"} and not host.startswith("/"):
            raise RuntimeError(f"Network access in a unit test: {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
def member(db):
    return UserFactory(display_name="Maya Member")


@pytest.fixture
def other_member(db):
    return UserFactory(display_name="Owen Other")


@pytest.fixture
def lapsed(db):
    return UserFactory(
        display_name="Lena Lapsed", membership_expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )


@pytest.fixture
def suspended(db):
    return UserFactory(
        display_name="Sam Suspended",
        suspended_until=timezone.now() + datetime.timedelta(days=7),
        suspension_reason="Repeated breaches of the community guidelines.",
    )


@pytest.fixture
def moderator(db):
    return UserFactory(display_name="Mo Moderator", role=Role.MODERATOR)


@pytest.fixture
def staff(db):
    return UserFactory(display_name="Leah Lead", role=Role.STAFF)


@pytest.fixture
def admin(db):
    return UserFactory(display_name="Ada Admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


def _client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anonymous_client():
    return Client()


@pytest.fixture
def member_client(member):
    return _client_for(member)


@pytest.fixture
def lapsed_client(lapsed):
    return _client_for(lapsed)


@pytest.fixture
def suspended_client(suspended):
    return _client_for(suspended)


@pytest.fixture
def moderator_client(moderator):
    return _client_for(moderator)


@pytest.fixture
def staff_client(staff):
    return _client_for(staff)


@pytest.fixture
def admin_client(admin):
    return _client_for(admin)


@pytest.fixture
def persona_clients(request, db):
    """Every persona's client, by name, created lazily."""

    class Clients(dict):
        def __missing__(self, name):
            client = request.getfixturevalue(f"{name}_client")
            self[name] = client
            return client

    return Clients()
