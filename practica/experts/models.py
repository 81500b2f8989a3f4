"""The expert directory (members who offer to speak or advise) and speaker requests (members asking for an
internal expert speaker for a community, triaged by staff until a meeting is scheduled)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from practica.experts.choices import PreferredFormat, RequestStatus


class ExpertProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.experts.permissions import visible_experts

        return visible_experts(user, self)


class ExpertProfile(models.Model):
    """A member's entry in the expert directory. Listed only while `available` is on (the member's opt-in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="expert_profile"
    )
    available = models.BooleanField(_("I am available to speak or advise"), default=True)
    areas = models.CharField(
        _("areas of expertise"), max_length=300, help_text=_("Separate areas with commas, for example: grief, EMDR.")
    )
    offers_talk = models.BooleanField(_("Talk"), default=True)
    offers_qa = models.BooleanField(_("Q&A"), default=False)
    offers_workshop = models.BooleanField(_("Workshop"), default=False)
    divisions = models.ManyToManyField("communities.Division", blank=True, related_name="experts")
    availability_notes = models.TextField(
        _("availability notes"),
        blank=True,
        max_length=1000,
        help_text=_("For example: weekday evenings, online only, two talks a year."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ExpertProfileQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "pk"]
        indexes = [models.Index(fields=["available", "-updated_at"])]

    def __str__(self) -> str:
        return self.areas

    @property
    def area_list(self) -> list[str]:
        return [area.strip() for area in self.areas.split(",") if area.strip()]

    @property
    def format_labels(self) -> list[str]:
        from practica.experts.choices import SpeakingFormat

        offered = {
            SpeakingFormat.TALK: self.offers_talk,
            SpeakingFormat.QA: self.offers_qa,
            SpeakingFormat.WORKSHOP: self.offers_workshop,
        }
        return [choice.label for choice, on in offered.items() if on]


class SpeakerRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.experts.permissions import visible_speaker_requests

        return visible_speaker_requests(user, self)


class SpeakerRequest(models.Model):
    """A request for an internal expert speaker on a topic, for one community's members. Staff move it through
    its statuses (services/requests.py); scheduling it creates the meeting in that community."""

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="speaker_requests")
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="speaker_requests")
    topic = models.CharField(_("topic"), max_length=200)
    why = models.TextField(_("why this topic, and why now"), max_length=4000)
    preferred_format = models.CharField(
        _("preferred format"), max_length=10, choices=PreferredFormat, default=PreferredFormat.ANY
    )
    preferred_dates = models.CharField(
        _("preferred dates"),
        max_length=300,
        blank=True,
        help_text=_("For example: a Tuesday evening in March, or after the summer break."),
    )
    status = models.CharField(max_length=16, choices=RequestStatus, default=RequestStatus.SUBMITTED, db_index=True)
    decline_reason = models.TextField(blank=True)
    # The speaker: a member from the directory, or (for someone found another way) a name.
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="speaking_requests"
    )
    speaker_name = models.CharField(max_length=200, blank=True)
    # The meeting scheduled for it (the meetings app's Meeting); kept as an id so the request outlives it.
    meeting_id = models.PositiveBigIntegerField(null=True, blank=True)
    meeting_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SpeakerRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"]), models.Index(fields=["requester", "-created_at"])]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("experts:request-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        from practica.experts.choices import OPEN_STATUSES

        return self.status in OPEN_STATUSES

    @property
    def speaker_display(self) -> str:
        if self.speaker_id:
            return self.speaker.display_name
        return self.speaker_name


class SpeakerRequestEvent(models.Model):
    """One step in a request's history: who changed its status, when, and the note they gave."""

    request = models.ForeignKey(SpeakerRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=16, choices=RequestStatus)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.status}"


class SpeakerSuggestion(models.Model):
    """An expert staff suggested for a request, from the directory; one suggestion per expert and request."""

    request = models.ForeignKey(SpeakerRequest, on_delete=models.CASCADE, related_name="suggestions")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    suggested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "expert"], name="one_suggestion_per_expert")]

    def __str__(self) -> str:
        return f"{self.expert_id} for {self.request_id}"
