"""Sliding sessions: members stay signed in for 14 days of inactivity at most, staff and admins for 12 hours."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from practica.accounts.choices import Role
from practica.accounts.middleware import MembersOnlyMiddleware
from tests.factories import UserFactory

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = SessionStore()
    return request


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def test_a_new_member_session_is_given_14_days(member, clock):
    request = _request_for(member)
    MembersOnlyMiddleware._refresh_session(request)
    assert request.session.get_expiry_date() == START + 14 * DAY
    assert request.session.modified


def test_a_staff_session_is_given_12_hours(staff, clock):
    request = _request_for(staff)
    MembersOnlyMiddleware._refresh_session(request)
    assert request.session.get_expiry_date() == START + 12 * HOUR


def test_the_session_is_not_rewritten_while_more_than_half_its_life_is_left(member, clock):
    request = _request_for(member)
    MembersOnlyMiddleware._refresh_session(request)
    request.session.modified = False

    clock.move_to(timezone.now() + 6 * DAY, tick=False)
    MembersOnlyMiddleware._refresh_session(request)

    assert request.session.get_expiry_date() == START + 14 * DAY
    assert not request.session.modified


def test_the_session_slides_forward_once_less_than_half_its_life_is_left(member, clock):
    request = _request_for(member)
    MembersOnlyMiddleware._refresh_session(request)

    clock.move_to(timezone.now() + 8 * DAY, tick=False)
    MembersOnlyMiddleware._refresh_session(request)

    assert request.session.get_expiry_date() == START + 22 * DAY


def test_a_member_promoted_to_staff_gets_the_shorter_staff_session_at_once(member, clock):
    request = _request_for(member)
    MembersOnlyMiddleware._refresh_session(request)
    member.role = Role.STAFF

    MembersOnlyMiddleware._refresh_session(request)

    assert request.session.get_expiry_date() == START + 12 * HOUR


def test_a_member_active_every_few_days_stays_signed_in_for_weeks(client, db, clock):
    member = UserFactory()
    client.force_login(member)
    for _ in range(10):
        assert client.get(reverse("core:home")).status_code == 200
        clock.move_to(timezone.now() + 5 * DAY, tick=False)
    assert client.get(reverse("core:home")).status_code == 200


def test_a_member_is_signed_out_after_14_days_without_a_visit(client, db, clock):
    member = UserFactory(membership_expires_on=timezone.localdate() + 400 * DAY)
    client.force_login(member)
    assert client.get(reverse("core:home")).status_code == 200

    clock.move_to(timezone.now() + 14 * DAY + HOUR, tick=False)

    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_stay_signed_in_while_active_but_are_signed_out_after_12_idle_hours(client, db, clock):
    lead = UserFactory(role=Role.STAFF)
    client.force_login(lead)
    for _ in range(6):
        assert client.get(reverse("core:home")).status_code == 200
        clock.move_to(timezone.now() + 5 * HOUR, tick=False)
    assert client.get(reverse("core:home")).status_code == 200

    clock.move_to(timezone.now() + 12 * HOUR + 1 * HOUR, tick=False)

    assert client.get(reverse("core:home")).status_code == 302


def test_the_session_cookie_expires_with_the_session(client, db, clock):
    lead = UserFactory(role=Role.ADMIN)
    client.force_login(lead)
    response = client.get(reverse("core:home"))
    assert response.cookies["sessionid"]["max-age"] == 12 * 60 * 60
