"""Speaker-request fixtures: a requester in an open community, its champion, and an expert in the directory."""

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from practica.experts.services.directory import save_expert_profile
from practica.experts.services.requests import submit_speaker_request
from tests.factories import CommunityFactory, DivisionFactory, UserFactory, add_member


@pytest.fixture
def division(db):
    return DivisionFactory(name="Private Practice")


@pytest.fixture
def audience(db, division):
    return CommunityFactory(name="Bereavement Practice", division=division)


@pytest.fixture
def requester(audience):
    user = UserFactory(display_name="Rita Requester")
    add_member(audience, user)
    return user


@pytest.fixture
def audience_champion(audience):
    user = UserFactory(display_name="Cora Champion")
    add_member(audience, user, role="champion")
    return user


@pytest.fixture
def expert(division):
    user = UserFactory(display_name="Eve Expert")
    save_expert_profile(
        user=user,
        available=True,
        areas="Grief, bereavement, complicated mourning",
        offers_talk=True,
        offers_workshop=True,
        divisions=[division],
        availability_notes="Weekday evenings",
    )
    return user


@pytest.fixture
def speaker_request(requester, audience):
    return submit_speaker_request(
        requester=requester,
        community=audience,
        topic="Complicated grief after suicide",
        why="Several of us are working with bereaved clients.",
        preferred_format="talk",
        preferred_dates="An evening in March",
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def notify_events() -> list[dict]:
    """The "notify" events stored so far, as their payloads."""
    payloads = []
    for task in DBTaskResult.objects.order_by("enqueued_at"):
        args = task.args_kwargs.get("args") or []
        if task.task_path.endswith("deliver_event") and args and args[0] == "notify":
            payloads.append(args[1])
    return payloads
