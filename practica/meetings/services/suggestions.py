"""Members suggesting events they would like the Lead to run; staff reviewing them."""

from django.db import transaction
from django.utils.translation import gettext as _

from practica.core.audit import record
from practica.meetings.choices import MeetingFormat, SuggestionStatus
from practica.meetings.models import EventSuggestion
from practica.meetings.permissions import can_review_suggestions, can_suggest_event, check
from practica.meetings.services.errors import MeetingError


@transaction.atomic
def suggest_event(*, author, what: str, why: str, format: str = MeetingFormat.ONLINE) -> EventSuggestion:
    """A member's suggestion, for staff to review."""
    check(can_suggest_event(author))
    what, why = (what or "").strip(), (why or "").strip()
    if not what:
        raise MeetingError(_("Say what event you would like."), "what")
    if not why:
        raise MeetingError(_("Say why it would help you and other members."), "why")
    if format not in MeetingFormat.values:
        raise MeetingError(_("Choose online, face to face or hybrid."), "format")
    return EventSuggestion.objects.create(author=author, what=what[:200], why=why[:4000], format=format)


@transaction.atomic
def review_suggestion(*, actor, suggestion: EventSuggestion, status: str, note: str = "") -> EventSuggestion:
    """Mark a suggestion new, planned or declined, with a note the member can read."""
    check(can_review_suggestions(actor), _("Only staff review event suggestions."))
    if status not in SuggestionStatus.values:
        raise MeetingError(_("Choose new, planned or declined."), "status")
    suggestion = EventSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    suggestion.status = status
    suggestion.staff_note = note.strip()
    suggestion.reviewed_by = actor
    suggestion.save(update_fields=["status", "staff_note", "reviewed_by", "updated_at"])
    record(actor=actor, action="meetings.suggestion_reviewed", target=suggestion, summary=status)
    return suggestion
