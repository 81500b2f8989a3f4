"""Demo data for meetings: a monthly online series in a demo community with RSVPs and a past meeting whose
attendance was recorded, a fortnightly series led by the demo champion, site-wide events, and suggestions.
Written through the services, so occurrences, counters and events are real. Skipped when meetings exist."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from practica.accounts.models import User
from practica.communities.choices import CommunityRole
from practica.communities.demo import COMMUNITIES
from practica.communities.models import Community, CommunityMember
from practica.meetings.models import Meeting
from practica.meetings.recurrence import build_rule
from practica.meetings.services.meetings import create_meeting, record_attendance
from practica.meetings.services.rsvps import respond
from practica.meetings.services.suggestions import review_suggestion, suggest_event

LONDON = ZoneInfo("Europe/London")


def _second_wednesday(year: int, month: int) -> datetime:
    first = datetime(year, month, 1, 19, 0, tzinfo=LONDON)
    return first + timedelta(days=(2 - first.weekday()) % 7 + 7)


def _champion_of(community: Community) -> User:
    membership = CommunityMember.objects.filter(community=community, role=CommunityRole.CHAMPION).first()
    return membership.user


def load() -> None:
    if Meeting.objects.exists():
        return
    now = timezone.now()
    lead = User.objects.get(email="lead@example.org")
    member = User.objects.get(email="member@example.org")
    champion = User.objects.get(email="champion@example.org")

    neuro = Community.objects.get(name="Neurodiversity Affirming Practice")
    neuro_champion = _champion_of(neuro)
    two_months_ago = (now - timedelta(days=62)).astimezone(LONDON)
    start = _second_wednesday(two_months_ago.year, two_months_ago.month)
    series = create_meeting(
        community=neuro,
        title="Monthly peer meeting: neuro-affirming practice",
        agenda="1. Check-in\n2. Case themes (anonymised)\n3. Resources we found useful\n4. Close",
        starts_at=start,
        duration_minutes=60,
        format="online",
        chair=neuro_champion,
        created_by=neuro_champion,
        joining_link="https://meet.example.org/neuro-affirming",
        capacity=20,
        recurrence=build_rule("monthly", start),
    )
    occurrences = list(series.occurrences.order_by("starts_at"))
    past = [o for o in occurrences if o.starts_at < now]
    upcoming = [o for o in occurrences if o.starts_at >= now]
    people = [m.user for m in CommunityMember.objects.filter(community=neuro).select_related("user")[:8]]
    if past:
        attended = [person.pk for person in people[:5]] + [member.pk]
        record_attendance(
            actor=neuro_champion,
            occurrence=past[-1],
            attendee_ids=attended,
            notes="We shared how we adapt contracting for autistic clients: written summaries, fewer surprises, "
            "and sensory choices in the room. Next time: working with ADHD and time.",
            resource_links="https://example.org/resources/neuro-affirming-contracting",
        )
    for index, person in enumerate(dict.fromkeys([*people, member])):
        if upcoming:
            respond(user=person, occurrence=upcoming[0], response="going" if index % 3 else "maybe")

    home_community = Community.objects.get(name=COMMUNITIES[2][0])
    fortnightly_start = (
        (now + timedelta(days=3)).astimezone(LONDON).replace(hour=12, minute=30, second=0, microsecond=0)
    )
    create_meeting(
        community=home_community,
        title="Lunchtime drop-in",
        agenda="An informal half hour: bring a question from your week.",
        starts_at=fortnightly_start,
        duration_minutes=30,
        format="hybrid",
        venue="Community room, 12 Market Street, Leeds",
        joining_link="https://meet.example.org/drop-in",
        chair=champion,
        created_by=champion,
        recurrence=build_rule("fortnightly", fortnightly_start, count=12),
    )

    in_three_weeks = (now + timedelta(days=21)).astimezone(LONDON).replace(hour=18, minute=0, second=0, microsecond=0)
    staying_connected = create_meeting(
        community=None,
        title="Staying connected: endings in therapy",
        agenda="A talk and Q&A for all members, whatever their division, followed by small-group conversations.",
        starts_at=in_three_weeks,
        duration_minutes=90,
        format="online",
        created_by=lead,
        joining_link="https://meet.example.org/staying-connected",
        capacity=150,
    )
    respond(user=member, occurrence=staying_connected.occurrences.get(), response="going")
    gathering = (now + timedelta(days=75)).astimezone(LONDON).replace(hour=10, minute=0, second=0, microsecond=0)
    create_meeting(
        community=None,
        title="Communities of Practice gathering",
        agenda="Champions and members from every community meet face to face: what worked this year, what next.",
        starts_at=gathering,
        duration_minutes=360,
        format="face_to_face",
        venue="Conference centre, Birmingham",
        created_by=lead,
        capacity=80,
    )

    suggest_event(
        author=member,
        what="A workshop on working with interpreters",
        why="Several of us work with clients whose first language is not English and would value shared practice.",
        format="online",
    )
    planned = suggest_event(
        author=champion,
        what="Regional face-to-face networking in the North East",
        why="Members in rural areas rarely meet colleagues in person.",
        format="face_to_face",
    )
    review_suggestion(actor=lead, suggestion=planned, status="planned", note="Planned for the spring programme.")
