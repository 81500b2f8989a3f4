"""Demo data for experts: a dozen members offering to speak or advise, and speaker requests at every stage —
including an open one from the demo member, and one with a speaker found, ready for staff to schedule.
Written through the services, so history, audit entries and notices are real. Skipped when requests exist."""

from practica.accounts.models import User
from practica.communities.models import Community, CommunityMember, Division
from practica.experts.models import ExpertProfile, SpeakerRequest
from practica.experts.services.directory import save_expert_profile
from practica.experts.services.requests import (
    change_request_status,
    record_speaker,
    submit_speaker_request,
    suggest_expert,
)

NAMED_EXPERTS = {
    "champion@example.org": (
        "Student wellbeing, supervision, working with trainees",
        {"offers_talk": True, "offers_workshop": True},
        "Universities and Colleges",
        "Term-time weekday evenings; online or in Bristol.",
    ),
    "moderator@example.org": (
        "Trauma, EMDR, complex PTSD",
        {"offers_talk": True, "offers_qa": True},
        "Healthcare",
        "Two talks a year, online.",
    ),
}
AVAILABILITY = [
    "Weekday evenings, online.",
    "Saturday mornings; happy to travel in the North West.",
    "Lunchtimes, online only.",
    "Flexible with a month's notice.",
]


def _division(name: str):
    return Division.objects.filter(name=name).first()


def _experts() -> list[User]:
    experts = []
    for email, (areas, formats, division, notes) in NAMED_EXPERTS.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        division = _division(division)
        save_expert_profile(
            user=user,
            available=True,
            areas=areas,
            divisions=[division] if division else [],
            availability_notes=notes,
            **formats,
        )
        experts.append(user)
    others = (
        User.objects.filter(email__endswith="@example.org", profile__areas_of_practice__gt="", role="member")
        .exclude(email__in=[*NAMED_EXPERTS, "member@example.org"])
        .select_related("profile")
        .order_by("pk")[:10]
    )
    for index, user in enumerate(others):
        division = Division.objects.filter(name=user.profile.divisions).first()
        save_expert_profile(
            user=user,
            available=True,
            areas=user.profile.areas_of_practice,
            offers_talk=index % 3 != 2,
            offers_qa=index % 2 == 0,
            offers_workshop=index % 3 == 2,
            divisions=[division] if division else [],
            availability_notes=AVAILABILITY[index % len(AVAILABILITY)],
        )
        experts.append(user)
    return experts


def _community_of(user) -> Community | None:
    membership = CommunityMember.objects.filter(user=user, community__status="active").select_related("community")
    first = membership.order_by("community__name").first()
    return first.community if first else None


def load() -> None:
    if SpeakerRequest.objects.exists() or ExpertProfile.objects.exists():
        return
    experts = _experts()
    staff = User.objects.filter(email="lead@example.org").first()
    member = User.objects.filter(email="member@example.org").first()
    champion = User.objects.filter(email="champion@example.org").first()
    if staff is None or member is None:
        return
    member_community = _community_of(member)
    if member_community is not None:
        mine = submit_speaker_request(
            requester=member,
            community=member_community,
            topic="Working with climate anxiety",
            why="Several of us are seeing clients whose distress is about the climate, and we are unsure how "
            "far to bring our own feelings into the room.",
            preferred_format="talk",
            preferred_dates="An evening in the spring",
        )
        change_request_status(actor=staff, speaker_request=mine, status="in_review", note="Thank you: on it.")
    if champion is not None:
        champion_community = _community_of(champion)
        if champion_community is not None:
            found = submit_speaker_request(
                requester=champion,
                community=champion_community,
                topic="Trauma-informed supervision",
                why="Our trainees meet trauma early; supervisors want a shared language.",
                preferred_format="workshop",
                preferred_dates="Before the end of term",
            )
            change_request_status(actor=staff, speaker_request=found, status="looking")
            trauma_expert = next((user for user in experts if user.email == "moderator@example.org"), None)
            if trauma_expert is not None:
                suggest_expert(actor=staff, speaker_request=found, expert=trauma_expert, note="EMDR and trauma")
                record_speaker(actor=staff, speaker_request=found, speaker=trauma_expert, note="Priya has agreed.")
            declined = submit_speaker_request(
                requester=champion,
                community=champion_community,
                topic="Marketing a private practice",
                why="Members leaving training ask about it.",
            )
            change_request_status(
                actor=staff,
                speaker_request=declined,
                status="declined",
                note="Business development is outside what communities of practice offer; the association's "
                "training team runs a course on it.",
            )
