"""The personal development plan: goals with target dates and progress, private to the member."""

import pytest
from django.urls import reverse

from practica.development.models import DevelopmentGoal
from practica.development.services.plan import add_goal, update_goal
from tests.factories import UserFactory
from tests.helpers import queries_for


def test_member_adds_a_goal_with_a_target_date(member_client, member):
    response = member_client.post(
        reverse("development:goal-create"),
        {"title": "Complete trauma training", "target_date": "2026-06-30", "status": "not_started", "progress": ""},
        follow=True,
    )
    assert "The goal is added to your plan." in response.text
    assert "Complete trauma training" in response.text
    goal = DevelopmentGoal.objects.get(member=member)
    assert goal.progress == 0


def test_progress_above_100_is_refused_next_to_the_field(member_client):
    response = member_client.post(
        reverse("development:goal-create"), {"title": "Read more", "status": "in_progress", "progress": "120"}
    )
    assert response.status_code == 200
    assert "less than or equal to 100" in response.text
    assert not DevelopmentGoal.objects.exists()


def test_done_means_100_percent_and_progress_means_started(member):
    goal = add_goal(member=member, title="Read more", progress=30)
    assert goal.status == "in_progress"
    update_goal(member=member, goal=goal, status="done")
    assert goal.progress == 100


def test_member_updates_and_deletes_a_goal(member_client, member):
    goal = add_goal(member=member, title="Learn about couples work")
    member_client.post(
        reverse("development:goal-edit", args=[goal.pk]),
        {"title": "Learn about couples work", "status": "in_progress", "progress": "40", "notes": "Booked a course"},
    )
    goal.refresh_from_db()
    assert (goal.status, goal.progress, goal.notes) == ("in_progress", 40, "Booked a course")
    response = member_client.post(reverse("development:goal-delete", args=[goal.pk]), follow=True)
    assert "is removed from your plan" in response.text
    assert not DevelopmentGoal.objects.exists()


@pytest.mark.parametrize("persona", ["member", "moderator", "staff", "admin"])
def test_nobody_else_sees_or_changes_a_goal(persona, persona_clients):
    goal = add_goal(member=UserFactory(), title="Private goal")
    client = persona_clients[persona]
    assert "Private goal" not in client.get(reverse("development:plan")).text
    assert client.post(reverse("development:goal-edit", args=[goal.pk]), {"title": "x"}).status_code == 404
    assert client.post(reverse("development:goal-delete", args=[goal.pk])).status_code == 404


def test_the_plan_costs_the_same_queries_with_one_goal_and_with_fifty(member_client, member):
    add_goal(member=member, title="Goal")
    with_one = queries_for(member_client, reverse("development:plan"))
    for number in range(49):
        add_goal(member=member, title=f"Goal {number}", progress=number)
    assert queries_for(member_client, reverse("development:plan")) == with_one


def test_the_home_page_shows_cpd_hours_this_year(member_client, member):
    from decimal import Decimal

    from django.utils import timezone

    from practica.development.services.log import add_cpd_entry

    add_cpd_entry(member=member, date=timezone.localdate(), title="Reading", hours=Decimal("2.5"), category="reading")
    response = member_client.get(reverse("core:home"))
    assert "CPD this year: 2.5 hours" in response.text
