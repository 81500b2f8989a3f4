"""Pulse surveys (staff ask, members answer once, anonymously) and the benefits record (outcomes staff and
champions log, with evidence, for the board).

Anonymity is a property of the schema, not only of the pages: a Response and its Answers carry no relation to
a member, no timestamp, and a random primary key; the Participation that makes "answer once" possible names
the member and the survey only. Nothing joins the two (tests/surveys/test_anonymity.py).

Both are written in one transaction, so the order rows were stored in could pair them: a Participation's key is
random too, on SQLite its row is put at a random place in the table as it is written, and every hour the
survey's participations are written again in random order (services.surveys.shuffle_participations), which
also gives them a new transaction id on PostgreSQL.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practica.surveys.choices import AudienceKind, EvidenceKind, QuestionKind, SurveyState


class SurveyQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.surveys.permissions import visible_surveys

        return visible_surveys(user, self)


class Survey(models.Model):
    """A pulse survey for an audience (all members, a division or a community), open between two dates.

    `response_count` is kept by the answering service; `audience_size` is counted when the invitations go out,
    so the response rate compares like with like even as membership changes afterwards.
    """

    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, max_length=2000, help_text=_("Shown to members above the questions.")
    )
    audience_kind = models.CharField(_("audience"), max_length=10, choices=AudienceKind, default=AudienceKind.ALL)
    division = models.ForeignKey(
        "communities.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    ask_community = models.BooleanField(
        _("ask which community respondents mainly take part in"),
        default=True,
        help_text=_(
            "Optional for respondents (“Prefer not to say” is offered). Lets you compare communities; "
            "a community with fewer than 5 responses is never shown on its own."
        ),
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    audience_size = models.PositiveIntegerField(default=0, editable=False)
    response_count = models.PositiveIntegerField(default=0, editable=False)
    # response_count when the participations were last written again in random order (anonymity, above).
    shuffled_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        indexes = [models.Index(fields=["published_at", "opens_on", "closes_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="survey_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("surveys:answer", args=[self.pk])

    def state(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.published_at is None:
            return SurveyState.DRAFT
        if today < self.opens_on:
            return SurveyState.SCHEDULED
        if today > self.closes_on:
            return SurveyState.CLOSED
        return SurveyState.OPEN

    def get_state_display(self) -> str:
        return SurveyState(self.state()).label

    @property
    def is_open(self) -> bool:
        return self.state() == SurveyState.OPEN

    @property
    def is_locked(self) -> bool:
        """Once anyone has answered, the questions and audience are fixed; only the closing date may move."""
        return self.response_count > 0

    @property
    def audience_label(self) -> str:
        if self.audience_kind == AudienceKind.DIVISION and self.division_id:
            return _("Division: %(name)s") % {"name": self.division.name}
        if self.audience_kind == AudienceKind.COMMUNITY and self.community_id:
            return _("Community: %(name)s") % {"name": self.community.name}
        return str(AudienceKind.ALL.label)

    @property
    def response_rate(self) -> float | None:
        """Responses as a share of the audience invited (None before anyone was invited)."""
        if not self.audience_size:
            return None
        return min(1.0, self.response_count / self.audience_size)


class Question(models.Model):
    """One item of a survey. Multiple-choice items keep their options one per line; answers store the option's
    position, so options are fixed once answers exist (the survey is locked then)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind of question"), max_length=10, choices=QuestionKind, default=QuestionKind.LIKERT)
    prompt = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    options = models.TextField(
        _("options"), blank=True, max_length=4000, help_text=_("For multiple choice: one option per line.")
    )

    class Meta:
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.prompt

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


def random_key() -> int:
    """A random positive 63-bit key: nothing in it says when the row was written."""
    return secrets.randbits(62) + 1


class Participation(models.Model):
    """That a member has answered a survey, and nothing about what they answered: it enforces "answer once"
    and carries no link (no shared id, no timestamp, no order) to the Response written in the same transaction."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "member"], name="answer_each_survey_once")]

    def __str__(self) -> str:
        return f"{self.member_id} answered {self.survey_id}"


class Response(models.Model):
    """One anonymous set of answers. A random key and no timestamp, so neither its id nor its time can be
    matched to a Participation; `community` is the one the respondent chose to name (or none)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Response to {self.survey_id}"


class Answer(models.Model):
    """One answer to one question: a number (the 1–5 or 0–10 score, or a chosen option's position) or a text.
    A multiple-choice item with several answers has one row per option chosen."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "number"])]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


class BenefitCategory(models.Model):
    """A kind of outcome the board hears about (a speaker found, a study recruited ...); staff keep the list."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("offered when logging a benefit"),
        default=True,
        help_text=_("Benefits already logged keep their category when it is no longer offered."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = _("benefit categories")

    def __str__(self) -> str:
        return self.name


class BenefitQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.surveys.permissions import visible_benefits

        return visible_benefits(user, self)


class Benefit(models.Model):
    """An outcome a community brought about, logged by staff or its champion, with evidence: a link to a post,
    meeting or resource here (checked to exist and be visible to whoever logged it) or to another site."""

    category = models.ForeignKey(
        BenefitCategory, on_delete=models.PROTECT, related_name="benefits", verbose_name=_("category")
    )
    title = models.CharField(_("what happened"), max_length=200)
    description = models.TextField(_("details"), blank=True, max_length=2000)
    happened_on = models.DateField(_("date"))
    community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("community"),
    )
    evidence_url = models.CharField(_("evidence link"), max_length=500, blank=True)
    evidence_kind = models.CharField(max_length=10, choices=EvidenceKind, blank=True, default=EvidenceKind.NONE)
    evidence_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The linked thing's title when it was logged; shown only to viewers who may see the thing (queries.py).
    evidence_label = models.CharField(max_length=300, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BenefitQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [
            models.Index(fields=["-happened_on", "-id"]),
            models.Index(fields=["community", "-happened_on"]),
            models.Index(fields=["category", "-happened_on"]),
        ]

    def __str__(self) -> str:
        return self.title
