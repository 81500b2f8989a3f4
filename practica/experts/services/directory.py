"""Writing the expert directory: a member opts in, changes what they offer, or opts out."""

from django.db import transaction

from practica.experts.models import ExpertProfile
from practica.experts.permissions import can_offer_expertise, check


@transaction.atomic
def save_expert_profile(
    *,
    user,
    available: bool,
    areas: str,
    offers_talk: bool = False,
    offers_qa: bool = False,
    offers_workshop: bool = False,
    divisions=(),
    availability_notes: str = "",
) -> ExpertProfile:
    """Create or update the member's directory entry; `available=False` takes them out of the directory at once
    while keeping what they wrote, so opting back in is one click."""
    check(can_offer_expertise(user))
    profile, _created = ExpertProfile.objects.update_or_create(
        user=user,
        defaults={
            "available": available,
            "areas": ", ".join(area.strip() for area in areas.split(",") if area.strip()),
            "offers_talk": offers_talk,
            "offers_qa": offers_qa,
            "offers_workshop": offers_workshop,
            "availability_notes": availability_notes.strip(),
        },
    )
    profile.divisions.set(list(divisions))
    return profile
