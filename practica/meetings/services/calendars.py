"""A member's calendar settings: the time zone times are shown in, and the secret address of their iCal feed."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from practica.core.audit import record
from practica.meetings.models import CalendarFeed, MemberTimeZone
from practica.meetings.recurrence import RecurrenceError, zone
from practica.meetings.services.errors import MeetingError


@transaction.atomic
def set_time_zone(*, user, time_zone: str) -> MemberTimeZone:
    """Show meeting times to this member in `time_zone`."""
    try:
        zone(time_zone)
    except RecurrenceError as error:
        raise MeetingError(str(error), "time_zone") from error
    preference, _created = MemberTimeZone.objects.update_or_create(user=user, defaults={"time_zone": time_zone})
    return preference


@transaction.atomic
def create_feed_token(*, user) -> str:
    """A new secret feed address for the member (replacing any earlier one, which stops working at once).

    Only its hash is stored, so the token is shown once, when it is made.
    """
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": CalendarFeed.hash_token(token)})
    record(actor=user, action="meetings.feed_created", target=user)
    return token


@transaction.atomic
def revoke_feed_token(*, user) -> bool:
    """Stop the member's feed address working; calendars subscribed to it get 404 from now on."""
    deleted, _details = CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        record(actor=user, action="meetings.feed_revoked", target=user)
    return bool(deleted)


def feed_owner(token: str):
    """The member a feed token belongs to, or None (unknown or revoked)."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=CalendarFeed.hash_token(token)).first()
    return feed.user if feed else None


def no_feed_message() -> str:
    return _("You have no calendar feed address at the moment.")
