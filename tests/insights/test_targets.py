"""Targets: validation next to the field, progress, and the forecast at the pace so far."""

import datetime

import pytest
from django.urls import reverse

from practica.core.models import AuditEntry
from practica.insights.models import SITE, MetricValue, Target
from practica.insights.queries import list_target_progress

pytestmark = pytest.mark.django_db
JAN = datetime.date(2026, 1, 1)


def _daily(metric: str, values: dict[int, float]) -> None:
    for offset, value in values.items():
        MetricValue.objects.create(
            metric=metric, community_id=SITE, day=JAN + datetime.timedelta(days=offset), value=value
        )


def test_a_flow_target_counts_the_sum_so_far_and_forecasts_at_that_pace():
    Target.objects.create(metric="new_topics", value=300, starts_on=JAN, ends_on=datetime.date(2026, 12, 31))
    _daily("new_topics", {day: 1 for day in range(10)})
    [progress] = list_target_progress(today=JAN + datetime.timedelta(days=10))
    assert progress.achieved == 10
    assert progress.elapsed_days == 10
    assert progress.forecast == pytest.approx(365)
    assert progress.status == "On track"
    assert progress.forecast_line[9] == 10 and progress.forecast_line[-1] == pytest.approx(365)


def test_a_level_target_uses_the_latest_value_and_its_trend():
    Target.objects.create(metric="communities", value=15, starts_on=JAN, ends_on=datetime.date(2026, 1, 20))
    _daily("communities", {0: 5, 9: 6})
    [progress] = list_target_progress(today=JAN + datetime.timedelta(days=10))
    assert progress.achieved == 6
    # From 5 to 6 in the first 10 of 20 days: 7 at the end, short of 15.
    assert progress.forecast == pytest.approx(7)
    assert progress.status == "Behind"


def test_a_target_already_reached_is_met():
    Target.objects.create(metric="new_topics", value=5, starts_on=JAN, ends_on=datetime.date(2026, 3, 1))
    _daily("new_topics", {0: 3, 1: 3})
    [progress] = list_target_progress(today=JAN + datetime.timedelta(days=5))
    assert progress.status == "Met"


def test_staff_set_a_target_and_it_is_audited(staff_client):
    response = staff_client.post(
        reverse("insights:target-create"),
        {"metric": "communities", "value": "15", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "note": "Board"},
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.metric, target.value, target.ends_on) == ("communities", 15, datetime.date(2026, 12, 31))
    assert AuditEntry.objects.filter(action="insights.target_created").exists()
    page = staff_client.get(reverse("insights:targets"))
    assert "Communities: 15" in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": "-3"}, "value", "A target cannot be negative"),
        ({"ends_on": "2025-12-31"}, "ends_on", "The end date must be on or after the start date"),
        ({"ends_on": "2026-02-30"}, "ends_on", "Enter a valid date"),
        ({"starts_on": "not a date"}, "starts_on", "Enter a valid date"),
    ],
)
def test_impossible_targets_are_refused_next_to_the_field_keeping_what_was_typed(staff_client, changes, field, message):
    data = {"metric": "new_topics", "value": "30", "starts_on": "2026-01-01", "ends_on": "2026-12-31", **changes}
    response = staff_client.post(reverse("insights:target-create"), data)
    assert response.status_code == 200
    assert not Target.objects.exists()
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert f'value="{changes[field]}"' in html


def test_staff_change_and_delete_a_target(staff_client):
    target = Target.objects.create(metric="new_topics", value=30, starts_on=JAN, ends_on=datetime.date(2026, 12, 31))
    response = staff_client.post(
        reverse("insights:target-edit", kwargs={"pk": target.pk}),
        {"metric": "new_topics", "value": "40", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 40
    assert staff_client.post(reverse("insights:target-delete", kwargs={"pk": target.pk})).status_code == 302
    assert not Target.objects.exists()
    assert AuditEntry.objects.filter(action="insights.target_deleted").exists()


def test_members_and_moderators_cannot_set_targets(member_client, moderator_client):
    data = {"metric": "new_topics", "value": "30", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}
    assert member_client.post(reverse("insights:target-create"), data).status_code == 403
    assert moderator_client.post(reverse("insights:target-create"), data).status_code == 403
    assert not Target.objects.exists()
