"""Reads for the expert directory and speaker-request pages. Every one starts from a `visible_to` queryset."""

import datetime
import re

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from practica.experts.choices import RequestStatus, SpeakingFormat
from practica.experts.models import ExpertProfile, SpeakerRequest, SpeakerRequestEvent, SpeakerSuggestion

EXPERTS_PER_PAGE = 24
REQUESTS_PER_PAGE = 30
MATCHING_EXPERTS = 10
# Words too common to say anything about a topic.
_STOP_WORDS = {"with", "about", "from", "into", "that", "this", "their", "your", "work", "working", "practice"}

_FORMAT_FIELDS = {
    SpeakingFormat.TALK: "offers_talk",
    SpeakingFormat.QA: "offers_qa",
    SpeakingFormat.WORKSHOP: "offers_workshop",
}


def list_experts(viewer, *, area: str = "", division=None, format: str = ""):
    """The directory: experts the viewer may see, searched by area (or name) and filtered by division and format."""
    experts = ExpertProfile.objects.visible_to(viewer).select_related("user").prefetch_related("divisions")
    area = area.strip()
    if area:
        experts = experts.filter(Q(areas__icontains=area) | Q(user__display_name__icontains=area))
    if division is not None:
        experts = experts.filter(divisions=division)
    if format in _FORMAT_FIELDS:
        experts = experts.filter(**{_FORMAT_FIELDS[format]: True})
    return experts.order_by("user__display_name", "pk")


def _topic_words(topic: str) -> list[str]:
    words = []
    for word in re.findall(r"[\w'-]+", topic.lower()):
        if len(word) >= 4 and word not in _STOP_WORDS and word not in words:
            words.append(word)
    return words[:8]


def matching_experts(viewer, speaker_request: SpeakerRequest) -> list[ExpertProfile]:
    """Experts whose areas share a word with the request's topic, or who belong to the audience's division."""
    matches = Q(pk__in=[])
    for word in _topic_words(speaker_request.topic):
        matches |= Q(areas__icontains=word)
    if speaker_request.community.division_id:
        matches |= Q(divisions=speaker_request.community.division_id)
    experts = (
        ExpertProfile.objects.visible_to(viewer)
        .filter(matches)
        .exclude(user=speaker_request.requester_id)
        .select_related("user")
        .distinct()
        .order_by("user__display_name", "pk")
    )
    return list(experts[:MATCHING_EXPERTS])


def get_speaker_request_for(viewer, pk: int) -> SpeakerRequest:
    """The request, if the viewer may see it; otherwise 404, exactly as if it did not exist."""
    return get_object_or_404(
        SpeakerRequest.objects.visible_to(viewer).select_related("requester", "community", "speaker"), pk=pk
    )


def request_history(speaker_request: SpeakerRequest):
    return (
        SpeakerRequestEvent.objects.filter(request=speaker_request).select_related("actor").order_by("created_at", "pk")
    )


def request_suggestions(speaker_request: SpeakerRequest):
    return SpeakerSuggestion.objects.filter(request=speaker_request).select_related("expert", "suggested_by")


def list_my_requests(viewer):
    """Requests the viewer made, and those for communities they champion (not every request, even for staff)."""
    from practica.communities.choices import CommunityRole
    from practica.communities.models import CommunityMember

    led = CommunityMember.objects.filter(user=viewer, role=CommunityRole.CHAMPION).values("community")
    return (
        SpeakerRequest.objects.visible_to(viewer)
        .filter(Q(requester=viewer) | Q(community__in=led))
        .select_related("community", "requester")
        .order_by("-created_at", "-pk")
    )


def list_request_queue(viewer, *, status: str = ""):
    """The staff queue: open requests by default, oldest first so nothing waits forever; or one status."""
    requests = SpeakerRequest.objects.visible_to(viewer).select_related("community", "requester", "speaker")
    if status == "all":
        return requests.order_by("-created_at", "-pk")
    if status in RequestStatus.values:
        return requests.filter(status=status).order_by("-created_at", "-pk")
    from practica.experts.choices import OPEN_STATUSES

    return requests.filter(status__in=OPEN_STATUSES).order_by("created_at", "pk")


def speaker_request_counts(start: datetime.datetime, end: datetime.datetime) -> dict[str, int]:
    """For the board report: requests received from `start` (included) to `end` (excluded), by their status now.

    Every status is present (zero when none), plus "total". One query."""
    counts = dict(
        SpeakerRequest.objects.filter(created_at__gte=start, created_at__lt=end)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    result = {status: counts.get(status, 0) for status in RequestStatus.values}
    result["total"] = sum(result.values())
    return result


def export_expert_data(member) -> dict:
    """The member's directory entry and the speaker requests they made, for their own data export."""
    profile = ExpertProfile.objects.filter(user=member).prefetch_related("divisions").first()
    requests = SpeakerRequest.objects.filter(requester=member).select_related("community").order_by("pk")
    return {
        "expert_entry": None
        if profile is None
        else {
            "available": profile.available,
            "areas": profile.areas,
            "formats": [str(label) for label in profile.format_labels],
            "divisions": [division.name for division in profile.divisions.all()],
            "availability_notes": profile.availability_notes,
        },
        "speaker_requests": [
            {
                "topic": item.topic,
                "community": item.community.name,
                "why": item.why,
                "preferred_format": item.preferred_format,
                "preferred_dates": item.preferred_dates,
                "status": item.status,
                "created_at": item.created_at.isoformat(),
            }
            for item in requests
        ],
    }
