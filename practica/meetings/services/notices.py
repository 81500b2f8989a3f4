"""Telling people about a meeting: the "notify" event the notifications app turns into notifications and
e-mails (applying each person's preferences and re-checking visibility when it delivers)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from practica.accounts.models import User
from practica.core import events
from practica.meetings.choices import RsvpResponse
from practica.meetings.models import Occurrence, Rsvp
from practica.meetings.permissions import users_who_can_see
from practica.meetings.recurrence import zone

RSVPD = (RsvpResponse.GOING, RsvpResponse.MAYBE, RsvpResponse.WAITING)


def when(occurrence: Occurrence) -> str:
    """The start in the meeting's own time zone, named, for texts that go to many people in many zones."""
    local = timezone.localtime(occurrence.starts_at, zone(occurrence.time_zone))
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} ({occurrence.time_zone.replace('_', ' ')})"


def notify(*, occurrence: Occurrence, recipient_ids, excerpt: str, actor=None, notice: str = "") -> list[int]:
    """Publish one "notify" event about the occurrence to those recipients who may still see it. `notice` names
    what kind of notice it is ("reminder:day", "reminder:hour"), for members' choices about reminders."""
    ids = sorted(set(recipient_ids) - ({actor.pk} if getattr(actor, "pk", None) else set()))
    if not ids:
        return []
    ids = list(users_who_can_see(occurrence, User.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    if not ids:
        return []
    extra = {"notice": notice} if notice else {}
    events.publish(
        "notify",
        **extra,
        recipient_ids=ids,
        kind="meeting",
        target="meetings.occurrence",
        target_id=occurrence.pk,
        community_id=occurrence.community_id,
        actor_id=getattr(actor, "pk", None),
        snapshot={"title": occurrence.title, "excerpt": excerpt[:300], "url": occurrence.get_absolute_url()},
        group_key="",
    )
    return ids


def rsvpd_user_ids(occurrence: Occurrence) -> list[int]:
    return list(Rsvp.objects.filter(occurrence=occurrence, response__in=RSVPD).values_list("user_id", flat=True))


def notify_rsvpd(*, occurrence: Occurrence, excerpt: str, actor=None) -> list[int]:
    return notify(occurrence=occurrence, recipient_ids=rsvpd_user_ids(occurrence), excerpt=excerpt, actor=actor)


def describe_changes(before: dict, occurrence: Occurrence) -> str:
    """What changed, in words, for the people who said they are coming."""
    changes = []
    if before["starts_at"] != occurrence.starts_at or before["duration_minutes"] != occurrence.duration_minutes:
        changes.append(_("Now starts %(when)s.") % {"when": when(occurrence)})
    if before["format"] != occurrence.format:
        changes.append(_("Format: %(format)s.") % {"format": occurrence.get_format_display()})
    if before["venue"] != occurrence.venue:
        changes.append(_("New venue: %(venue)s.") % {"venue": occurrence.venue or _("none")})
    if before["joining_link"] != occurrence.joining_link:
        changes.append(_("The joining link has changed."))
    if before["title"] != occurrence.title:
        changes.append(_("New title: %(title)s.") % {"title": occurrence.title})
    if before["agenda"] != occurrence.agenda:
        changes.append(_("The agenda has changed."))
    if before["chair_id"] != occurrence.chair_id:
        changes.append(_("There is a new chair."))
    return " ".join(changes)
