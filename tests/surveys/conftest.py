"""Survey and benefit fixtures: a division with two communities, their members and a champion, a survey
helper that answers through the service, and clients for any user."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from practica.surveys.models import BenefitCategory
from practica.surveys.services.surveys import submit_response
from tests.factories import CommunityFactory, DivisionFactory, UserFactory, add_member
from tests.surveys_world import ensure_benefit_categories, make_survey

__all__ = ["make_survey"]


@pytest.fixture(autouse=True)
def _benefit_categories(db):
    ensure_benefit_categories()


@pytest.fixture
def division(db):
    return DivisionFactory(name="Healthcare")


@pytest.fixture
def other_division(db):
    return DivisionFactory(name="Private Practice")


@pytest.fixture
def ward(division):
    return CommunityFactory(name="Hospital Counsellors", division=division)


@pytest.fixture
def rural(other_division):
    return CommunityFactory(name="Rural Isolation", division=other_division)


@pytest.fixture
def nurse(ward):
    user = UserFactory(display_name="Nia Nurse")
    add_member(ward, user)
    return user


@pytest.fixture
def farmer(rural):
    user = UserFactory(display_name="Fern Farmer")
    add_member(rural, user)
    return user


@pytest.fixture
def champion(ward):
    user = UserFactory(display_name="Cal Champion")
    add_member(ward, user, role="champion")
    return user


@pytest.fixture
def category(db):
    return BenefitCategory.objects.get(name="A speaker found")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def answer_as(member, survey, *, community=None, **by_kind):
    """Answer every question of `survey` as `member` through the service: by kind, e.g. likert=4, text="..."."""
    defaults = {"likert": 3, "nps": 8, "single": 0, "multiple": [0], "text": "Fine."}
    answers = {q.pk: by_kind.get(q.kind, defaults[q.kind]) for q in survey.questions.all()}
    submit_response(member=member, survey=survey, answers=answers, community=community)


def many_members(community, count: int) -> list:
    members = []
    for _ in range(count):
        user = UserFactory()
        add_member(community, user)
        members.append(user)
    return members


def notify_events() -> list[dict]:
    payloads = []
    for task in DBTaskResult.objects.order_by("enqueued_at"):
        args = task.args_kwargs.get("args") or []
        if task.task_path.endswith("deliver_event") and args and args[0] == "notify":
            payloads.append(args[1])
    return payloads


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)
