import pytest
from django.urls import reverse

from practica.insights import demo
from practica.insights.models import MetricValue, Target
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_the_demo_year_fills_the_dashboards_and_loads_once(staff_client):
    CommunityFactory(name="Neuro Diverse")
    CommunityFactory(name="Students")
    demo.load()
    count = MetricValue.objects.count()
    assert count > 1000 and Target.objects.count() == 2
    demo.load()
    assert MetricValue.objects.count() == count
    for name in ("insights:dashboard", "insights:board-report", "insights:targets"):
        assert staff_client.get(reverse(name)).status_code == 200
