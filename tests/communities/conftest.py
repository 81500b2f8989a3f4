"""Community personas on top of the site ones: outsider, community member, pending applicant, champion."""

import pytest
from django.test import Client

from practica.communities.services.membership import request_to_join
from tests.factories import CommunityFactory, UserFactory, add_member


@pytest.fixture
def open_community(db):
    return CommunityFactory(name="Neurodiversity Affirming Practice")


@pytest.fixture
def closed_community(db):
    return CommunityFactory(
        name="Supervisors' Circle",
        membership="closed",
        admission_questions="Are you an accredited supervisor?",
        confidentiality_agreement="What is said in the circle stays in the circle.",
    )


@pytest.fixture
def champion(closed_community):
    user = UserFactory(display_name="Chloe Champion")
    add_member(closed_community, user, role="champion")
    closed_community.refresh_from_db()
    return user


@pytest.fixture
def community_member(closed_community, champion):
    user = UserFactory(display_name="Cai Member")
    add_member(closed_community, user)
    closed_community.refresh_from_db()
    return user


@pytest.fixture
def applicant(closed_community, champion):
    user = UserFactory(display_name="Ash Applicant")
    request_to_join(user=user, community=closed_community, answers=["Yes"], accepted_confidentiality=True)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(display_name="Oli Outsider")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def champion_client(champion):
    return _client(champion)


@pytest.fixture
def community_member_client(community_member):
    return _client(community_member)


@pytest.fixture
def applicant_client(applicant):
    return _client(applicant)


@pytest.fixture
def outsider_client(outsider):
    return _client(outsider)
