"""Speaker requests, from submission to a scheduled meeting.

    submitted → in review → looking for a speaker → speaker found → scheduled
    (any open status) → declined, with a reason (staff) · withdrawn (the requester)

Every change is one transaction that records the step (SpeakerRequestEvent), an audit entry for staff
actions, and a "notify" event telling the requester the new status (the notifications app delivers it).
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.core import events
from practica.core.audit import record
from practica.experts.choices import OPEN_STATUSES, RequestStatus
from practica.experts.models import SpeakerRequest, SpeakerRequestEvent, SpeakerSuggestion
from practica.experts.permissions import (
    can_request_speaker,
    can_triage_speaker_requests,
    can_view_speaker_request,
    can_withdraw_speaker_request,
    check,
)
from practica.meetings.services.meetings import create_meeting

# The moves staff make with the status form. "Speaker found" needs the speaker (record_speaker), "scheduled"
# the meeting (schedule_speaker_request), and "withdrawn" is the requester's alone.
STAFF_MOVES: dict[str, set[str]] = {
    RequestStatus.SUBMITTED: {RequestStatus.IN_REVIEW, RequestStatus.LOOKING, RequestStatus.DECLINED},
    RequestStatus.IN_REVIEW: {RequestStatus.LOOKING, RequestStatus.DECLINED},
    RequestStatus.LOOKING: {RequestStatus.IN_REVIEW, RequestStatus.DECLINED},
    RequestStatus.SPEAKER_FOUND: {RequestStatus.LOOKING, RequestStatus.DECLINED},
}


class SpeakerRequestError(Exception):
    """A request that cannot change this way; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def staff_moves_from(status: str) -> list[str]:
    """The statuses the staff form offers from `status`, in the order of the journey."""
    allowed = STAFF_MOVES.get(status, set())
    return [choice for choice in RequestStatus.values if choice in allowed]


def _locked(speaker_request: SpeakerRequest) -> SpeakerRequest:
    return (
        SpeakerRequest.objects.select_for_update(of=("self",))
        .select_related("community", "speaker")
        .get(pk=speaker_request.pk)
    )


def _step(speaker_request: SpeakerRequest, *, actor, status: str, note: str = "") -> None:
    """Record the new status, and tell the requester unless they made the change themselves."""
    speaker_request.status = status
    SpeakerRequestEvent.objects.create(request=speaker_request, actor=actor, status=status, note=note)
    if actor is not None and actor.pk == speaker_request.requester_id:
        return
    events.publish(
        "notify",
        recipient_ids=[speaker_request.requester_id],
        kind="speaker",
        target="experts.speakerrequest",
        target_id=speaker_request.pk,
        community_id=speaker_request.community_id,
        actor_id=getattr(actor, "pk", None),
        snapshot={
            "title": speaker_request.topic,
            "excerpt": _("Status: %(status)s") % {"status": RequestStatus(status).label},
            "url": speaker_request.get_absolute_url(),
        },
        group_key="",
    )


@transaction.atomic
def submit_speaker_request(
    *, requester, community: Community, topic: str, why: str, preferred_format: str = "any", preferred_dates: str = ""
) -> SpeakerRequest:
    """A member (or a champion, for their community) asks for an expert speaker for one of their communities."""
    check(
        can_request_speaker(requester, community),
        _("You can ask for a speaker only for a community you belong to."),
    )
    speaker_request = SpeakerRequest.objects.create(
        requester=requester,
        community=community,
        topic=topic.strip(),
        why=why.strip(),
        preferred_format=preferred_format,
        preferred_dates=preferred_dates.strip(),
    )
    SpeakerRequestEvent.objects.create(request=speaker_request, actor=requester, status=RequestStatus.SUBMITTED)
    events.publish("experts.speaker_request_submitted", speaker_request_id=speaker_request.pk)
    return speaker_request


@transaction.atomic
def change_request_status(*, actor, speaker_request: SpeakerRequest, status: str, note: str = "") -> SpeakerRequest:
    """Staff move a request on: in review, looking for a speaker, back a step, or declined (a reason is required,
    and the requester sees it)."""
    check(can_triage_speaker_requests(actor), _("Only staff handle speaker requests."))
    speaker_request = _locked(speaker_request)
    if status not in STAFF_MOVES.get(speaker_request.status, set()):
        if speaker_request.status not in OPEN_STATUSES:
            raise SpeakerRequestError(_("This request is already closed."))
        raise SpeakerRequestError(
            _("A request cannot go from “%(from)s” to “%(to)s”.")
            % {"from": speaker_request.get_status_display(), "to": RequestStatus(status).label},
            field="status",
        )
    note = note.strip()
    if status == RequestStatus.DECLINED:
        if not note:
            raise SpeakerRequestError(_("Give the requester a reason for declining."), field="note")
        speaker_request.decline_reason = note
    if status == RequestStatus.LOOKING and speaker_request.status == RequestStatus.SPEAKER_FOUND:
        # The speaker fell through: look again from scratch.
        speaker_request.speaker = None
        speaker_request.speaker_name = ""
    _step(speaker_request, actor=actor, status=status, note=note)
    speaker_request.save()
    record(actor=actor, action="speaker_request.status", target=speaker_request, summary=status)
    return speaker_request


@transaction.atomic
def suggest_expert(*, actor, speaker_request: SpeakerRequest, expert, note: str = "") -> SpeakerSuggestion:
    """Staff note an expert from the directory as a possible speaker (shown on the request; no status change)."""
    from practica.experts.models import ExpertProfile

    check(can_triage_speaker_requests(actor), _("Only staff handle speaker requests."))
    speaker_request = _locked(speaker_request)
    if speaker_request.status not in OPEN_STATUSES:
        raise SpeakerRequestError(_("This request is already closed."))
    if not ExpertProfile.objects.visible_to(actor).filter(user=expert).exists():
        raise SpeakerRequestError(_("Choose someone listed in the expert directory."), field="expert")
    suggestion, _created = SpeakerSuggestion.objects.get_or_create(
        request=speaker_request, expert=expert, defaults={"suggested_by": actor, "note": note.strip()}
    )
    return suggestion


@transaction.atomic
def record_speaker(
    *, actor, speaker_request: SpeakerRequest, speaker=None, speaker_name: str = "", note: str = ""
) -> SpeakerRequest:
    """Staff record who will speak: an expert from the directory, or someone found another way, by name."""
    from practica.experts.models import ExpertProfile

    check(can_triage_speaker_requests(actor), _("Only staff handle speaker requests."))
    speaker_request = _locked(speaker_request)
    if speaker_request.status not in OPEN_STATUSES:
        raise SpeakerRequestError(_("This request is already closed."))
    speaker_name = speaker_name.strip()
    if speaker is None and not speaker_name:
        raise SpeakerRequestError(_("Choose an expert, or give the speaker's name."), field="speaker")
    if speaker is not None and not ExpertProfile.objects.visible_to(actor).filter(user=speaker).exists():
        raise SpeakerRequestError(_("Choose someone listed in the expert directory."), field="speaker")
    speaker_request.speaker = speaker
    speaker_request.speaker_name = "" if speaker is not None else speaker_name
    _step(speaker_request, actor=actor, status=RequestStatus.SPEAKER_FOUND, note=note.strip())
    speaker_request.save()
    record(
        actor=actor,
        action="speaker_request.speaker_found",
        target=speaker_request,
        summary=speaker_request.speaker_display,
    )
    return speaker_request


@transaction.atomic
def schedule_speaker_request(
    *,
    actor,
    speaker_request: SpeakerRequest,
    starts_at: datetime.datetime,
    duration_minutes: int = 60,
    format: str = "online",
    joining_link: str = "",
    venue: str = "",
    title: str = "",
    time_zone: str = "Europe/London",
):
    """Staff schedule the talk: a meeting in the audience community, linked from the request, in one transaction
    with the status change (a refused meeting leaves the request as it was)."""
    check(can_triage_speaker_requests(actor), _("Only staff handle speaker requests."))
    speaker_request = _locked(speaker_request)
    if speaker_request.status != RequestStatus.SPEAKER_FOUND:
        raise SpeakerRequestError(_("Record the speaker before scheduling the meeting."))
    title = title.strip() or speaker_request.topic
    meeting = create_meeting(
        community=speaker_request.community,
        title=title,
        agenda=speaker_request.why,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        time_zone=time_zone,
        format=format,
        created_by=actor,
        venue=venue,
        joining_link=joining_link,
        # The meeting page names the speaker; the chair stays whoever the community's champions choose.
        speaker=speaker_request.speaker,
        speaker_name=speaker_request.speaker_name,
    )
    speaker_request.meeting_id = meeting.pk
    speaker_request.meeting_url = meeting.get_absolute_url()
    _step(speaker_request, actor=actor, status=RequestStatus.SCHEDULED)
    speaker_request.save()
    record(actor=actor, action="speaker_request.scheduled", target=speaker_request, data={"meeting_id": meeting.pk})
    return meeting


@transaction.atomic
def withdraw_speaker_request(*, actor, speaker_request: SpeakerRequest, note: str = "") -> SpeakerRequest:
    """The requester no longer needs a speaker; staff see the request closed."""
    check(can_view_speaker_request(actor, speaker_request))
    speaker_request = _locked(speaker_request)
    check(
        can_withdraw_speaker_request(actor, speaker_request),
        _("Only the person who asked can withdraw a request, while it is still open."),
    )
    _step(speaker_request, actor=actor, status=RequestStatus.WITHDRAWN, note=note.strip())
    speaker_request.save()
    return speaker_request
