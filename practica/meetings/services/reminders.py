"""Reminders a day and an hour before a meeting, to those going or maybe going: each sent once only. Which of
the two a member wants (both, one, or none) is their choice on the notifications preferences page, applied
where the notice is delivered.

The periodic task runs every few minutes; a reminder is due when the meeting starts within its lead time.
The ReminderSent rows (unique per occurrence, person and lead time) make a second run, or two workers at
once, send nothing twice.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.meetings.choices import OccurrenceStatus, ReminderLead, RsvpResponse
from practica.meetings.models import Occurrence, ReminderSent, Rsvp
from practica.meetings.services import notices

LEADS = {ReminderLead.DAY: timedelta(days=1), ReminderLead.HOUR: timedelta(hours=1)}


def send_due_reminders(now: datetime | None = None) -> int:
    """Send every reminder now due; return how many people were reminded."""
    now = now or timezone.now()
    sent = 0
    for lead, ahead in LEADS.items():
        window = Occurrence.objects.filter(
            status=OccurrenceStatus.SCHEDULED, starts_at__gt=now, starts_at__lte=now + ahead
        )
        if lead == ReminderLead.DAY:
            # Someone who answers within the last hour gets only the hour's reminder.
            window = window.filter(starts_at__gt=now + LEADS[ReminderLead.HOUR])
        for occurrence in window.select_related("community").iterator():
            sent += _remind(occurrence, lead)
    return sent


@transaction.atomic
def _remind(occurrence: Occurrence, lead: str) -> int:
    # The row lock makes concurrent runs take turns, so the "already sent" read below is never stale.
    Occurrence.objects.select_for_update().filter(pk=occurrence.pk).first()
    wanted = set(
        Rsvp.objects.filter(occurrence=occurrence, response__in=[RsvpResponse.GOING, RsvpResponse.MAYBE]).values_list(
            "user_id", flat=True
        )
    )
    already = set(ReminderSent.objects.filter(occurrence=occurrence, lead=lead).values_list("user_id", flat=True))
    due = sorted(wanted - already)
    if not due:
        return 0
    ReminderSent.objects.bulk_create(
        [ReminderSent(occurrence=occurrence, user_id=pk, lead=lead) for pk in due], ignore_conflicts=True
    )
    if lead == ReminderLead.DAY:
        excerpt = _("Tomorrow: %(when)s.") % {"when": notices.when(occurrence)}
    else:
        excerpt = _("Starts within the hour: %(when)s.") % {"when": notices.when(occurrence)}
    # The notice names the lead: each member chooses which reminders they get (notifications applies it).
    notices.notify(occurrence=occurrence, recipient_ids=due, excerpt=excerpt, notice=f"reminder:{lead}")
    return len(due)
