from django.urls import reverse

from tests.factories import UserFactory
from tests.helpers import queries_for


def test_the_signed_in_home_page_greets_the_member(member_client, member):
    response = member_client.get(reverse("core:home"))
    assert response.status_code == 200
    assert member.display_name in response.content.decode()


def test_the_home_page_costs_the_same_number_of_queries_with_1_and_50_members(member_client, db):
    UserFactory()
    with_one = queries_for(member_client, reverse("core:home"))
    UserFactory.create_batch(49)
    with_fifty = queries_for(member_client, reverse("core:home"))
    assert with_one == with_fifty
    # The gate (session, user), the unread-notifications count, and one or two per section: the review-queue
    # link, pinned topics, my communities, next meetings (and the member's time zone), latest topics, the
    # profile and register nudges, and CPD hours this year.
    assert with_one <= 12


def test_staff_see_a_warning_when_tasks_wait_and_no_worker_runs(staff_client, db):
    from practica.core import events

    events.publish("test.nobody_listens", thing_id=1)
    response = staff_client.get(reverse("core:home"))
    assert "no task worker has been seen" in response.content.decode()


def test_members_never_see_the_worker_warning(member_client, db):
    from practica.core import events

    events.publish("test.nobody_listens", thing_id=1)
    assert "no task worker" not in member_client.get(reverse("core:home")).content.decode()


def test_robots_txt_disallows_everything(anonymous_client, db):
    response = anonymous_client.get("/robots.txt")
    assert response.content.decode() == "User-agent: *\nDisallow: /\n"
