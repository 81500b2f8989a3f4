import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from practica.meetings.choices import MeetingFormat, OccurrenceStatus, ReminderLead, RsvpResponse, SuggestionStatus

DEFAULT_TIME_ZONE = "Europe/London"


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.meetings.permissions import visible_meetings

        return visible_meetings(user, self)


class Meeting(models.Model):
    """A one-off meeting or a series: the defaults its occurrences start from, and how it repeats.

    A community's meetings belong to it; a meeting without a community is a site-wide event (staff only).
    `starts_at` is the first occurrence; a series repeats by `recurrence` (an RRULE) in the wall-clock time of
    `time_zone`, so an 18:00 meeting stays at 18:00 local across a change of clocks.
    """

    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    starts_at = models.DateTimeField(_("first meeting starts at"))
    duration_minutes = models.PositiveIntegerField(_("length in minutes"), default=60)
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE)
    format = models.CharField(_("format"), max_length=20, choices=MeetingFormat, default=MeetingFormat.ONLINE)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who gives the talk, when the meeting was arranged for a speaker (a speaker request): a member from the
    # expert directory, or by name someone found another way. Shown on every occurrence's page.
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    speaker_name = models.CharField(_("speaker"), max_length=200, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    joining_link = models.URLField(_("joining link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    recurrence = models.CharField(_("repeats (RRULE)"), max_length=500, blank=True)
    # Occurrences exist up to here; the periodic task extends a series as time passes.
    materialised_until = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        first = self.occurrences.order_by("starts_at").first()
        if first is not None:
            return first.get_absolute_url()
        if self.community_id:
            return reverse("meetings:community-calendar", kwargs={"pk": self.community_id})
        return reverse("meetings:events")

    @property
    def is_series(self) -> bool:
        return bool(self.recurrence)

    @property
    def speaker_display(self) -> str:
        """The speaker's name as members know it: the member's, or the name given for someone found elsewhere."""
        if self.speaker_id:
            return self.speaker.display_name
        return self.speaker_name

    @property
    def is_site_wide(self) -> bool:
        return self.community_id is None


class OccurrenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.meetings.permissions import visible_occurrences

        return visible_occurrences(user, self)


class Occurrence(models.Model):
    """One date of a meeting, with its own details (copied from the meeting, then editable one by one).

    `community` is copied from the meeting so that visibility is one join away. The RSVP counters are kept by
    the RSVP service under a row lock, so capacity checks never need a count.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="occurrences")
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The date the series' rule gave this occurrence, even if it was moved since: the iCal RECURRENCE-ID and
    # the key that makes extending a series idempotent.
    original_start = models.DateTimeField()
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveIntegerField(_("length in minutes"), default=60)
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE)
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(_("format"), max_length=20, choices=MeetingFormat, default=MeetingFormat.ONLINE)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    joining_link = models.URLField(_("joining link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=OccurrenceStatus, default=OccurrenceStatus.SCHEDULED)
    # Edited on its own: changes to the series no longer overwrite it.
    customised = models.BooleanField(default=False)
    # After the meeting: the chair's notes and links to resources, and when attendance was recorded.
    notes = models.TextField(_("notes"), blank=True)
    resource_links = models.TextField(_("links to resources"), blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    going_count = models.PositiveIntegerField(default=0)
    maybe_count = models.PositiveIntegerField(default=0)
    waiting_count = models.PositiveIntegerField(default=0)
    sequence = models.PositiveIntegerField(default=0)  # iCal SEQUENCE: bumped on each change calendars must see
    updated_at = models.DateTimeField(auto_now=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "original_start"], name="occurrence_once_per_series_date")
        ]
        indexes = [models.Index(fields=["community", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:occurrence", kwargs={"pk": self.pk})

    @property
    def ends_at(self):
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == OccurrenceStatus.CANCELLED

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.going_count >= self.capacity

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.going_count, 0)

    @property
    def is_online(self) -> bool:
        return self.format in {MeetingFormat.ONLINE, MeetingFormat.HYBRID}

    @property
    def is_in_person(self) -> bool:
        return self.format in {MeetingFormat.FACE_TO_FACE, MeetingFormat.HYBRID}

    def resource_link_list(self) -> list[str]:
        return [line.strip() for line in self.resource_links.splitlines() if line.strip()]


class Rsvp(models.Model):
    """A member's answer to one occurrence: going, maybe, not going, or waiting for a place."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_rsvps")
    response = models.CharField(max_length=10, choices=RsvpResponse)
    # Places on the waiting list go first come, first served.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["occurrence", "user"], name="one_rsvp_per_occurrence")]
        indexes = [models.Index(fields=["user", "occurrence"]), models.Index(fields=["occurrence", "response"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.response} {self.occurrence_id}"


class Attendance(models.Model):
    """Someone the chair recorded as having attended an occurrence (feeds the CPD log through an event)."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendances")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["occurrence", "user"], name="attended_once")]

    def __str__(self) -> str:
        return f"{self.user_id} attended {self.occurrence_id}"


class OccurrenceResource(models.Model):
    """A library item the chair attached to an occurrence's record after the meeting.

    The item stays the library's: who may see it on the meeting page is decided by the library's own
    permissions (LibraryItem.objects.visible_to), so a hidden or removed item disappears here too.
    """

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="library_resources")
    item = models.ForeignKey("library.LibraryItem", on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["occurrence", "item"], name="library_resource_once")]

    def __str__(self) -> str:
        return f"Item {self.item_id} on {self.occurrence_id}"


class ReminderSent(models.Model):
    """That one reminder (a day or an hour before) went to one person for one occurrence: sent once only."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lead = models.CharField(max_length=4, choices=ReminderLead)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["occurrence", "user", "lead"], name="reminder_once_per_lead")]

    def __str__(self) -> str:
        return f"{self.lead} reminder of {self.occurrence_id} to {self.user_id}"


class CalendarFeed(models.Model):
    """A member's personal iCal feed address. Only a hash of its secret is kept; revoking deletes the row."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class MemberTimeZone(models.Model):
    """The time zone a member wants meeting times shown in (the site's zone when they have not chosen)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE)
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.time_zone}"


class EventSuggestion(models.Model):
    """A member telling the Lead which event they would like to see; staff mark it planned or declined."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_suggestions")
    what = models.CharField(_("what event would you like?"), max_length=200)
    why = models.TextField(_("why would it help you and other members?"), max_length=4000)
    format = models.CharField(_("format"), max_length=20, choices=MeetingFormat, default=MeetingFormat.ONLINE)
    status = models.CharField(max_length=10, choices=SuggestionStatus, default=SuggestionStatus.NEW, db_index=True)
    staff_note = models.TextField(_("note to the member"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.what
