"""Library personas: an open and a closed community, a champion and a member of the closed one, an outsider."""

import pytest
from django.test import Client

from tests.factories import CommunityFactory, UserFactory, add_member


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def open_community(db):
    return CommunityFactory(name="Working Online")


@pytest.fixture
def closed_community(db):
    return CommunityFactory(name="Supervisors' Circle", membership="closed")


@pytest.fixture
def champion(closed_community):
    user = UserFactory(display_name="Chloe Champion")
    add_member(closed_community, user, role="champion")
    return user


@pytest.fixture
def community_member(closed_community, champion):
    user = UserFactory(display_name="Cai Member")
    add_member(closed_community, user)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(display_name="Oli Outsider")


@pytest.fixture
def champion_client(champion):
    return _client(champion)


@pytest.fixture
def community_member_client(community_member):
    return _client(community_member)


@pytest.fixture
def outsider_client(outsider):
    return _client(outsider)
