"""RSVPs: going, maybe, not going, and the waiting list of a full meeting.

Every change locks the occurrence row first, so two people taking the last place at once cannot both get
it; the counters on the occurrence are recounted under the same lock. When a going place frees up, the
first person on the waiting list moves up and is told.
"""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.meetings.choices import RsvpResponse
from practica.meetings.models import Occurrence, Rsvp
from practica.meetings.permissions import can_rsvp, check
from practica.meetings.services import notices
from practica.meetings.services.errors import MeetingError


class MeetingFull(MeetingError):
    """Going is refused because every place is taken; the waiting list is offered instead."""


def _recount(occurrence: Occurrence) -> None:
    counts = Rsvp.objects.filter(occurrence=occurrence).aggregate(
        going=Count("pk", filter=Q(response=RsvpResponse.GOING)),
        maybe=Count("pk", filter=Q(response=RsvpResponse.MAYBE)),
        waiting=Count("pk", filter=Q(response=RsvpResponse.WAITING)),
    )
    occurrence.going_count = counts["going"]
    occurrence.maybe_count = counts["maybe"]
    occurrence.waiting_count = counts["waiting"]
    occurrence.save(update_fields=["going_count", "maybe_count", "waiting_count"])


@transaction.atomic
def respond(*, user, occurrence: Occurrence, response: str) -> Rsvp:
    """Answer going / maybe / not going, or ask for the waiting list ("waiting") when the meeting is full.

    Going to a full meeting raises MeetingFull, so the page can offer the waiting list; asking for the
    waiting list when a place is free simply gives the place.
    """
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",)).select_related("community", "meeting").get(pk=occurrence.pk)
    )
    check(can_rsvp(user, occurrence), _("You can no longer answer for this meeting."))
    if response not in RsvpResponse.values:
        raise MeetingError(_("Choose going, maybe or not going."), "response")
    rsvp = Rsvp.objects.filter(occurrence=occurrence, user=user).first()
    previous = rsvp.response if rsvp else None
    if response in {RsvpResponse.GOING, RsvpResponse.WAITING} and previous != RsvpResponse.GOING:
        if occurrence.is_full:
            if response == RsvpResponse.GOING:
                raise MeetingFull(_("This meeting is full. You can join its waiting list instead."), "response")
        else:
            response = RsvpResponse.GOING
    elif response == RsvpResponse.WAITING:
        response = RsvpResponse.GOING
    if rsvp is None:
        rsvp = Rsvp(occurrence=occurrence, user=user)
    if response == RsvpResponse.WAITING and previous != RsvpResponse.WAITING:
        rsvp.waitlisted_at = timezone.now()
    elif response != RsvpResponse.WAITING:
        rsvp.waitlisted_at = None
    rsvp.response = response
    rsvp.save()
    _recount(occurrence)
    if previous == RsvpResponse.GOING and response != RsvpResponse.GOING:
        promote_from_waiting_list(occurrence)
    return rsvp


def promote_from_waiting_list(occurrence: Occurrence) -> list[int]:
    """Give free places to the waiting list in the order people joined it, and tell them. Call under the
    occurrence's lock (inside respond or an edit)."""
    promoted = []
    while not occurrence.is_full and occurrence.waiting_count:
        next_in_line = (
            Rsvp.objects.filter(occurrence=occurrence, response=RsvpResponse.WAITING)
            .order_by("waitlisted_at", "pk")
            .first()
        )
        if next_in_line is None:
            break
        next_in_line.response = RsvpResponse.GOING
        next_in_line.waitlisted_at = None
        next_in_line.save(update_fields=["response", "waitlisted_at", "updated_at"])
        promoted.append(next_in_line.user_id)
        _recount(occurrence)
    if promoted:
        notices.notify(
            occurrence=occurrence,
            recipient_ids=promoted,
            excerpt=_("A place opened up: you are now going (%(when)s).") % {"when": notices.when(occurrence)},
        )
    return promoted
