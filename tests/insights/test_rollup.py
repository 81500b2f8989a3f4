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


@pytest.fixture
def busier_day(travel, staff, moderator):
    """The metrics the first day leaves out, each worked out by hand: meetings and attendance, speaker requests
    by status, research calls, downloads, join requests and proposals decided, flags and their resolution
    times, and the median time to first reply over two topics."""
    from practica.communities.services.membership import decide_join_request
    from practica.communities.services.proposals import review_proposal
    from practica.discussions.services.posting import ResearchDetails
    from practica.experts.services.requests import (
        change_request_status,
        record_speaker,
        schedule_speaker_request,
        submit_speaker_request,
    )
    from practica.meetings.models import Occurrence
    from practica.meetings.services.meetings import cancel_occurrence, create_meeting, record_attendance

    travel(at(9, day=DAY - datetime.timedelta(days=5)))
    rural = CommunityFactory(name="Rural Isolation")
    closed = CommunityFactory(name="Supervisors", membership="closed")
    alice, bob, cara, dave, erin = (UserFactory(display_name=name) for name in ("Alice", "Bob", "Cara", "Dave", "Erin"))
    add_member(rural, alice)
    add_member(rural, bob)
    add_member(rural, cara, role="champion")
    add_member(closed, cara, role="champion")
    travel(at(9, day=DAY - datetime.timedelta(days=3)))
    # Asked for days before: counted on the day they were decided.
    dave_asks = request_to_join(user=dave, community=closed, answers=[], accepted_confidentiality=True)
    erin_asks = request_to_join(user=erin, community=closed, answers=[], accepted_confidentiality=True)
    approved = submit_proposal(proposer=dave, name="Eco Awareness", short_description="Climate", why_needed="Anxiety")
    declined = submit_proposal(proposer=erin, name="Night Owls", short_description="Late", why_needed="Shifts")
    held = create_meeting(
        community=rural, title="Peer support", starts_at=at(14), created_by=cara, joining_link="https://example.org/m"
    )
    called_off = create_meeting(
        community=rural, title="Called off", starts_at=at(15), created_by=cara, joining_link="https://example.org/c"
    )
    cancel_occurrence(actor=cara, occurrence=Occurrence.objects.get(meeting=called_off), reason="Unwell")

    travel(at(9))
    plain = start_topic(author=alice, community=rural, title="Working rurally", body="Anyone?").post.topic
    travel(at(9, 30))
    study = start_topic(
        author=bob,
        community=rural,
        title="Rural practice study",
        body="Please take part.",
        kind="research",
        research=ResearchDetails(
            study_title="Rural practice",
            ethics_reference="ETH-1",
            eligibility="Rural counsellors",
            involvement="An interview",
            closes_on=DAY + datetime.timedelta(days=30),
            contact="study@example.org",
        ),
    ).post.topic
    travel(at(10))
    decide_join_request(actor=cara, join_request=dave_asks, approve=True)
    decide_join_request(actor=cara, join_request=erin_asks, approve=False)
    travel(at(11))
    bob_reply = reply(author=bob, topic=plain, body="Yes, in Cumbria.").post  # first reply after 120 minutes
    travel(at(12, 30))
    alice_reply = reply(author=alice, topic=study, body="Count me in.").post  # first reply after 180 minutes
    travel(at(13))
    review_proposal(actor=staff, proposal=approved, status="approved")
    review_proposal(actor=staff, proposal=declined, status="declined", comment="Covered by another community.")
    raise_flag(flagger=alice, target=bob_reply, reason="off_topic")
    raise_flag(flagger=bob, target=alice_reply, reason="off_topic")
    requests = [
        submit_speaker_request(requester=alice, community=rural, topic=topic, why="To learn.")
        for topic in ("Rural ethics", "Telephone work", "Farm stress")
    ]
    change_request_status(actor=staff, speaker_request=requests[0], status="declined", note="Not this year.")
    record_speaker(actor=staff, speaker_request=requests[1], speaker_name="Dr Vera Speaker")
    schedule_speaker_request(
        actor=staff,
        speaker_request=requests[1],
        starts_at=at(18, day=DAY + datetime.timedelta(days=20)),
        joining_link="https://example.org/talk",
    )
    for _ in range(3):
        counting.record_view(day=DAY, page_kind="library:download", user_id=bob.pk, community_id=rural.pk)
    counting.flush()
    travel(at(15))
    dismiss_flags(actor=moderator, item=ReviewItem.objects.get(object_id=bob_reply.pk))  # 120 minutes
    travel(at(16))
    record_attendance(actor=cara, occurrence=Occurrence.objects.get(meeting=held), attendee_ids=[alice.pk, bob.pk])
    travel(at(17))
    dismiss_flags(actor=moderator, item=ReviewItem.objects.get(object_id=alice_reply.pk))  # 240 minutes
    travel(at(12, day=DAY + datetime.timedelta(days=2)))
    return {"rural": rural, "closed": closed}


def test_the_other_metrics_of_a_hand_made_day(busier_day):
    from practica.experts.queries import speaker_request_counts
    from practica.insights.metrics import METRICS, combine
    from practica.insights.services.rollup import day_bounds

    rural_id, closed_id = busier_day["rural"].pk, busier_day["closed"].pk
    rollup_day(DAY)
    got = values()
    expected = {
        ("new_topics", rural_id): 2,
        ("research_calls", rural_id): 1,
        ("research_calls", SITE): 1,
        ("topics_replied", rural_id): 2,
        # The cancelled meeting is not held; the talk scheduled for later is not held yet.
        ("meetings_held", rural_id): 1,
        ("meetings_held", SITE): 1,
        ("attendance", rural_id): 2,
        ("attendance", SITE): 2,
        ("resources_downloaded", rural_id): 3,
        ("resources_downloaded", SITE): 3,
        # Both asked three days before: today counts the decisions, not the requests.
        ("join_requests_admitted", closed_id): 1,
        ("join_requests_declined", closed_id): 1,
        ("join_requests_admitted", SITE): 1,
        ("join_requests_declined", SITE): 1,
        ("proposals_approved", SITE): 1,
        ("proposals_declined", SITE): 1,
        # Rural Isolation, Supervisors and the approved Eco Awareness.
        ("communities", SITE): 3,
        ("speaker_requests", rural_id): 3,
        ("speaker_requests", SITE): 3,
        ("speaker_requests_scheduled", rural_id): 1,
        ("speaker_requests_declined", rural_id): 1,
        ("flags_raised", rural_id): 2,
        ("flags_raised", SITE): 2,
        ("flags_resolved", rural_id): 2,
        ("flags_resolved", SITE): 2,
    }
    for key, value in expected.items():
        assert got.get(key) == value, f"{key}: {got.get(key)} != {value}"
    for absent in ("join_requests", "proposals_submitted"):
        assert (absent, SITE) not in got, absent

    def period_value(metric: str) -> float | None:
        row = MetricValue.objects.get(day=DAY, metric=metric, community_id=SITE)
        return combine(METRICS[metric], [(row.value, row.samples)], days=1)

    # Median time to first reply: 120 and 180 minutes, so 2.5 hours; to resolve a flag: 120 and 240, 3 hours.
    assert MetricValue.objects.get(day=DAY, metric="first_reply_minutes", community_id=rural_id).samples == [120, 180]
    assert period_value("first_reply_minutes") == 2.5
    assert MetricValue.objects.get(day=DAY, metric="flag_resolution_minutes", community_id=SITE).samples == [120, 240]
    assert period_value("flag_resolution_minutes") == 3.0
    # Speaker requests received that day, by where they are now (the board report's table).
    by_status = speaker_request_counts(*day_bounds(DAY))
    assert (by_status["declined"], by_status["scheduled"], by_status["submitted"], by_status["total"]) == (1, 1, 1, 3)
    # Three days before: the requests to join and the proposals were counted when they arrived.
    earlier = DAY - datetime.timedelta(days=3)
    rollup_day(earlier)
    assert values(earlier)[("join_requests", closed_id)] == 2
    assert values(earlier)[("proposals_submitted", SITE)] == 2


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
