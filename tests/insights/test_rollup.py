"""The roll-up's metric definitions on a hand-made day with known answers, its idempotence, and the page-view
counter's promise: no per-member history survives the day."""

import datetime

import pytest
from django.urls import reverse

from practica.communities.services.membership import request_to_join
from practica.communities.services.proposals import submit_proposal
from practica.discussions.services.engagement import toggle_like
from practica.discussions.services.posting import reply, start_topic
from practica.insights import counting
from practica.insights.models import SITE, DailyPageViews, DailySalt, DailyVisitor, MetricValue
from practica.insights.services.rollup import rollup_day, rollup_pending
from practica.library.services.items import ItemDetails, create_item
from practica.moderation.models import ReviewItem
from practica.moderation.services.actions import dismiss_flags
from practica.moderation.services.flags import raise_flag
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.insights.conftest import DAY, at

pytestmark = pytest.mark.django_db


def values(day=DAY) -> dict[tuple[str, int], float]:
    return {(row.metric, row.community_id): row.value for row in MetricValue.objects.filter(day=day)}


@pytest.fixture
def hand_made_day(travel, moderator):
    """Two communities and one day of activity whose every figure is worked out by hand below."""
    travel(at(9, day=DAY - datetime.timedelta(days=5)))
    open_community = CommunityFactory(name="Rural Isolation")
    closed = CommunityFactory(name="Supervisors", membership="closed")
    alice, bob, carol, dave = (UserFactory(display_name=name) for name in ("Alice", "Bob", "Carol", "Dave"))
    for person in (alice, bob, carol):
        add_member(open_community, person)
    add_member(closed, carol)
    # The day before: must not count.
    travel(at(18, day=DAY - datetime.timedelta(days=1)))
    start_topic(author=bob, community=open_community, title="Yesterday", body="Not today.")

    travel(at(9))
    first = start_topic(author=alice, community=open_community, title="Working rurally", body="Anyone?").post.topic
    travel(at(10))
    request_to_join(user=dave, community=closed, answers=[], accepted_confidentiality=True)
    travel(at(11))
    first_reply = reply(author=bob, topic=first, body="Yes, in Cumbria.").post
    travel(at(12))
    start_topic(author=carol, community=closed, title="A supervision question", body="Quietly.")
    travel(at(13))
    submit_proposal(proposer=dave, name="Eco Awareness", short_description="Climate", why_needed="Anxiety")
    travel(at(14))
    toggle_like(user=carol, post=first.posts.get(number=1))
    travel(at(15))
    reply(author=bob, topic=first, body="And a second thought.")
    travel(at(16))
    create_item(
        author=bob,
        community=open_community,
        kind="link",
        details=ItemDetails(
            title="Rural practice guide",
            resource_type="guide",
            licence="link_only",
            rights_confirmed=True,
            url="https://example.org/guide",
        ),
    )
    travel(at(17))
    raise_flag(flagger=carol, target=first_reply, reason="off_topic")
    travel(at(19))
    dismiss_flags(actor=moderator, item=ReviewItem.objects.get())
    travel(at(12, day=DAY + datetime.timedelta(days=2)))
    return {"open": open_community, "closed": closed, "people": (alice, bob, carol, dave), "topic": first}


def test_each_metric_of_a_hand_made_day(hand_made_day):
    open_id, closed_id = hand_made_day["open"].pk, hand_made_day["closed"].pk
    rollup_day(DAY)
    got = values()
    expected = {
        ("new_topics", SITE): 2,
        ("new_topics", open_id): 1,
        ("new_topics", closed_id): 1,
        ("replies", SITE): 2,
        ("replies", open_id): 2,
        ("topics_replied", SITE): 1,
        ("topics_replied", open_id): 1,
        ("likes", SITE): 1,
        ("likes", open_id): 1,
        ("resources_added", open_id): 1,
        ("join_requests", closed_id): 1,
        ("join_requests", SITE): 1,
        ("proposals_submitted", SITE): 1,
        ("flags_raised", open_id): 1,
        ("flags_resolved", open_id): 1,
        ("communities", SITE): 2,
        # Alice started a topic, Bob replied and added a resource, Carol liked (open); Carol posted (closed).
        ("contributing_members", open_id): 3,
        ("contributing_members", closed_id): 1,
        ("contributing_members", SITE): 3,
    }
    for key, value in expected.items():
        assert got.get(key) == value, f"{key}: {got.get(key)} != {value}"
    assert ("replies", closed_id) not in got
    first_reply = MetricValue.objects.get(day=DAY, metric="first_reply_minutes", community_id=SITE)
    assert first_reply.samples == [120]
    resolution = MetricValue.objects.get(day=DAY, metric="flag_resolution_minutes", community_id=open_id)
    assert resolution.samples == [120]
    # The day before has its own topic only.
    rollup_day(DAY - datetime.timedelta(days=1))
    assert values(DAY - datetime.timedelta(days=1))[("new_topics", open_id)] == 1


def test_rolling_up_a_day_again_gives_the_same_numbers(hand_made_day, member_client, travel):
    travel(at(10))
    member_client.get(reverse("insights:what-we-count"))
    counting.flush()
    travel(at(12, day=DAY + datetime.timedelta(days=2)))
    rollup_day(DAY)
    first = sorted(MetricValue.objects.filter(day=DAY).values_list("metric", "community_id", "value", "samples"))
    rollup_day(DAY)
    rollup_day(DAY)
    again = sorted(MetricValue.objects.filter(day=DAY).values_list("metric", "community_id", "value", "samples"))
    assert first == again
    assert ("active_members", SITE, 1.0, []) in again


def test_page_views_count_by_day_community_and_kind_and_visitors_once(travel, member, member_client, staff_client):
    travel(at(10))
    community = CommunityFactory(name="Students")
    add_member(community, member)
    topic = start_topic(author=member, community=community, title="Exams", body="Tips?").post.topic
    for _ in range(3):
        assert member_client.get(reverse("discussions:topic", kwargs={"pk": topic.pk})).status_code == 200
    member_client.get(reverse("communities:detail", kwargs={"pk": community.pk}))
    staff_client.get(reverse("communities:detail", kwargs={"pk": community.pk}))
    member_client.get(reverse("insights:dashboard"))  # 403: not a page view
    member_client.get(reverse("discussions:topic", kwargs={"pk": topic.pk}), headers={"HX-Request": "true"})
    counting.flush()
    views = {(row.community_id, row.page_kind): row.views for row in DailyPageViews.objects.filter(day=DAY)}
    assert views[(community.pk, "discussions:topic")] == 3
    assert views[(community.pk, "communities:detail")] == 2
    assert not any(kind == "insights:dashboard" for _community, kind in views)

    travel(at(9, day=DAY + datetime.timedelta(days=1)))
    rollup_day(DAY)
    got = values()
    assert got[("page_views", community.pk)] == 5
    assert got[("active_members", community.pk)] == 2
    assert got[("active_members", SITE)] == 2
    assert DailyPageViews.objects.get(day=DAY, community_id=community.pk, page_kind="discussions:topic").visitors == 1


def test_no_record_of_who_visited_survives_the_day(travel, member, member_client):
    travel(at(10))
    member_client.get(reverse("insights:what-we-count"))
    counting.flush()
    # During the day: hashes only, never the member's id, and no link to the account in the schema.
    stored = list(DailyVisitor.objects.values_list("visitor", flat=True))
    assert stored and str(member.pk) not in stored
    assert not any(field.is_relation for field in DailyVisitor._meta.get_fields())
    # Rolling up today (the day is not over) keeps them; once the day is over they go, with the salt.
    rollup_day(DAY)
    assert DailyVisitor.objects.filter(day=DAY).exists()
    travel(at(0, 5, day=DAY + datetime.timedelta(days=1)))
    rollup_day(DAY)
    assert not DailyVisitor.objects.filter(day=DAY).exists()
    assert not DailySalt.objects.filter(day=DAY).exists()
    assert values()[("active_members", SITE)] == 1


def test_the_periodic_job_closes_each_day_once(travel):
    travel(at(3))
    first = rollup_pending()
    assert first[-1] == DAY - datetime.timedelta(days=1)
    assert rollup_pending() == []
    travel(at(3, day=DAY + datetime.timedelta(days=1)))
    again = rollup_pending()
    assert DAY in again and again[-1] == DAY
