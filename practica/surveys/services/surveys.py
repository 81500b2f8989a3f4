"""Pulse surveys, from a draft to its invitations and anonymous answers.

    draft (staff add questions) → published: scheduled until its opening date, then open → closed after its
    closing date. The day it opens, every member of its audience is invited (the "notify" event; the
    notifications app applies each member's e-mail choices).

Once anyone has answered, a survey is locked: only its closing date may move, and only later.
"""

import datetime
import random

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practica.core import events
from practica.core.audit import record
from practica.surveys.choices import AudienceKind, QuestionKind
from practica.surveys.models import Answer, Participation, Question, Response, Survey, random_key
from practica.surveys.permissions import audience_members, can_manage_surveys, check, has_answered, in_audience
from practica.surveys.queries import forget_open_surveys

STAFF_ONLY = gettext_lazy("Only staff run surveys.")
# Invitations are published in batches so no single stored event grows with the size of the membership.
INVITATION_BATCH = 500
LOCKED_MESSAGE = gettext_lazy(
    "People have already answered this survey, so its questions and audience can no longer change. "
    "You can still extend its closing date."
)


class SurveyError(Exception):
    """A change a survey does not allow; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


def _check_audience(audience_kind: str, division, community) -> None:
    if audience_kind == AudienceKind.DIVISION and division is None:
        raise SurveyError(_("Choose the division whose members the survey is for."), field="division")
    if audience_kind == AudienceKind.COMMUNITY and community is None:
        raise SurveyError(_("Choose the community whose members the survey is for."), field="community")


def _check_dates(opens_on: datetime.date, closes_on: datetime.date) -> None:
    if closes_on < opens_on:
        raise SurveyError(_("The closing date must be on or after the opening date."), field="closes_on")


def _check_not_locked(survey: Survey) -> None:
    if survey.is_locked:
        raise SurveyError(str(LOCKED_MESSAGE))


@transaction.atomic
def create_survey(
    *,
    actor,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    audience_kind: str = AudienceKind.ALL,
    division=None,
    community=None,
    introduction: str = "",
    ask_community: bool = True,
) -> Survey:
    """Staff start a survey as a draft; members see nothing of it until it is published."""
    check(can_manage_surveys(actor), str(STAFF_ONLY))
    _check_audience(audience_kind, division, community)
    _check_dates(opens_on, closes_on)
    if closes_on < timezone.localdate():
        raise SurveyError(_("The closing date has already passed."), field="closes_on")
    survey = Survey.objects.create(
        title=title.strip(),
        introduction=introduction.strip(),
        audience_kind=audience_kind,
        division=division if audience_kind == AudienceKind.DIVISION else None,
        community=community if audience_kind == AudienceKind.COMMUNITY else None,
        opens_on=opens_on,
        closes_on=closes_on,
        ask_community=ask_community and audience_kind != AudienceKind.COMMUNITY,
        created_by=actor,
    )
    record(actor=actor, action="survey.created", target=survey, summary=survey.title)
    return survey


@transaction.atomic
def update_survey(
    *,
    actor,
    survey: Survey,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    audience_kind: str = AudienceKind.ALL,
    division=None,
    community=None,
    introduction: str = "",
    ask_community: bool = True,
) -> Survey:
    """Change a survey nobody has answered yet (after the first answer, only `extend_survey` is allowed)."""
    check(can_manage_surveys(actor), str(STAFF_ONLY))
    survey = _locked(survey)
    _check_not_locked(survey)
    _check_audience(audience_kind, division, community)
    _check_dates(opens_on, closes_on)
    if survey.invited_at is not None and (
        audience_kind != survey.audience_kind
        or (division.pk if division else None) != survey.division_id
        or (community.pk if community else None) != survey.community_id
    ):
        raise SurveyError(_("The invitations have gone out, so the audience can no longer change."), "audience_kind")
    survey.title = title.strip()
    survey.introduction = introduction.strip()
    survey.audience_kind = audience_kind
    survey.division = division if audience_kind == AudienceKind.DIVISION else None
    survey.community = community if audience_kind == AudienceKind.COMMUNITY else None
    survey.opens_on = opens_on
    survey.closes_on = closes_on
    survey.ask_community = ask_community and audience_kind != AudienceKind.COMMUNITY
    survey.save()
    record(actor=actor, action="survey.updated", target=survey, summary=survey.title)
    forget_open_surveys()
    _invite_if_due(survey)
    return survey


@transaction.atomic
def extend_survey(*, actor, survey: Survey, closes_on: datetime.date) -> Survey:
    """Give members longer to answer: the one change allowed after responses arrive. Only later, never earlier."""
    check(can_manage_surveys(actor), str(STAFF_ONLY))
    survey = _locked(survey)
    if closes_on <= survey.closes_on:
        raise SurveyError(
            _("Choose a date after the current closing date, %(date)s.")
            % {"date": date_format(survey.closes_on, "j F Y")},
            field="closes_on",
        )
    previous = survey.closes_on
    survey.closes_on = closes_on
    survey.save(update_fields=["closes_on", "updated_at"])
    forget_open_surveys()
    record(
        actor=actor,
        action="survey.extended",
        target=survey,
        summary=f"{previous.isoformat()} → {closes_on.isoformat()}",
    )
    _invite_if_due(survey)
    return survey


@transaction.atomic
def delete_survey(*, actor, survey: Survey) -> None:
    """Staff delete a survey nobody has answered (answers, once given, are kept)."""
    check(can_manage_surveys(actor), str(STAFF_ONLY))
    survey = _locked(survey)
    if survey.is_locked:
        raise SurveyError(_("People have answered this survey, so it is kept."))
    record(actor=actor, action="survey.deleted", target=survey, summary=survey.title)
    survey.delete()
    forget_open_surveys()


def _check_question(kind: str, prompt: str, options: str) -> list[str]:
    if not prompt.strip():
        raise SurveyError(_("Write the question."), field="prompt")
    option_list = [line.strip() for line in options.splitlines() if line.strip()]
    if kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE}:
        if len(option_list) < 2:
            raise SurveyError(_("Give at least two options, one per line."), field="options")
        if len(set(option_list)) != len(option_list):
            raise SurveyError(_("Each option must be different."), field="options")
    return option_list


@transaction.atomic
def add_question(
    *, actor, survey: Survey, kind: str, prompt: str, help_text: str = "", required: bool = True, options: str = ""
) -> Question:
    """Add an item at the end of a survey nobody has answered yet."""
    check(can_manage_surveys(actor), str(STAFF_ONLY))
    survey = _locked(survey)
    _check_not_locked(survey)
    option_list = _check_question(kind, prompt, options)
    last = survey.questions.order_by("-position").values_list("position", flat=True).first()
    return Question.objects.create(
        survey=survey,
        position=(last or 0) + 1,
        kind=kind,
        prompt=prompt.strip(),
        help_text=help_text.strip(),
        required=required,
        options="\n".join(option_list) if kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE} else "",
    )


@transaction.atomic
def update_question(
    *, actor, question: Question, kind: str, prompt: str, help_text: str = "", required: bool = True, options: str = ""
) -> Question:
    check(can_manage_surveys(actor), str(STAFF_ONLY))
    _check_not_locked(_locked(question.survey))
    option_list = _check_question(kind, prompt, options)
    question.kind = kind
    question.prompt = prompt.strip()
    question.help_text = help_text.strip()
    question.required = required
    question.options = "\n".join(option_list) if kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE} else ""
    question.save()
    return question


@transaction.atomic
def delete_question(*, actor, question: Question) -> None:
    check(can_manage_surveys(actor), str(STAFF_ONLY))
    _check_not_locked(_locked(question.survey))
    question.delete()


@transaction.atomic
def publish_survey(*, actor, survey: Survey) -> Survey:
    """Make a draft visible to its audience from its opening date; invite them at once if that is today."""
    check(can_manage_surveys(actor), str(STAFF_ONLY))
    survey = _locked(survey)
    if survey.published_at is not None:
        raise SurveyError(_("This survey is already published."))
    if not survey.questions.exists():
        raise SurveyError(_("Add at least one question before publishing."))
    if survey.closes_on < timezone.localdate():
        raise SurveyError(_("The closing date has passed: change it before publishing."))
    survey.published_at = timezone.now()
    survey.save(update_fields=["published_at", "updated_at"])
    record(actor=actor, action="survey.published", target=survey, summary=survey.title)
    forget_open_surveys()
    _invite_if_due(survey)
    return survey


def _invite_if_due(survey: Survey) -> bool:
    """Invite the audience once, on the first occasion the survey is published and open (inside the caller's
    transaction). The conditional UPDATE makes a second caller, or a re-run job, a no-op."""
    today = timezone.localdate()
    if (
        survey.published_at is None
        or survey.invited_at is not None
        or not (survey.opens_on <= today <= survey.closes_on)
    ):
        return False
    now = timezone.now()
    claimed = Survey.objects.filter(pk=survey.pk, invited_at__isnull=True).update(invited_at=now)
    if not claimed:
        return False
    recipient_ids = list(audience_members(survey).order_by("pk").values_list("pk", flat=True))
    Survey.objects.filter(pk=survey.pk).update(audience_size=len(recipient_ids))
    survey.invited_at = now
    survey.audience_size = len(recipient_ids)
    snapshot = {
        "title": survey.title,
        "excerpt": _("A short survey for you, open until %(date)s.") % {"date": date_format(survey.closes_on, "j F Y")},
        "url": survey.get_absolute_url(),
    }
    for start in range(0, len(recipient_ids), INVITATION_BATCH):
        events.publish(
            "notify",
            recipient_ids=recipient_ids[start : start + INVITATION_BATCH],
            kind="survey",
            target="surveys.survey",
            target_id=survey.pk,
            community_id=survey.community_id,
            actor_id=None,
            snapshot=snapshot,
            group_key="",
        )
    return True


def send_due_invitations() -> int:
    """Invite the audiences of surveys whose opening date has come (the periodic job). Safe to run twice."""
    today = timezone.localdate()
    due = Survey.objects.filter(
        published_at__isnull=False, invited_at__isnull=True, opens_on__lte=today, closes_on__gte=today
    ).values_list("pk", flat=True)
    invited = 0
    for pk in list(due):
        with transaction.atomic():
            survey = Survey.objects.select_for_update().get(pk=pk)
            invited += _invite_if_due(survey)
    return invited


@transaction.atomic
def submit_response(*, member, survey: Survey, answers: dict[int, object], community=None) -> None:
    """A member answers a survey, once. The Participation (who answered) and the Response (what was answered)
    are written in one transaction and share nothing: no id, no timestamp, no reference to each other.

    `answers` maps question ids to a score (likert, nps), an option position (single), a list of option
    positions (multiple) or a text; unanswered optional questions are simply absent."""
    check(in_audience(member, survey), _("This survey is for other members."))
    survey = _locked(survey)
    if not survey.is_open:
        raise SurveyError(_("This survey is closed."))
    if has_answered(member, survey):
        raise SurveyError(_("You have already answered this survey. Thank you."))
    try:
        with transaction.atomic():
            participation = Participation.objects.create(survey=survey, member=member)
    except IntegrityError as error:
        raise SurveyError(_("You have already answered this survey. Thank you.")) from error
    _scatter(participation)
    if community is not None and not (survey.ask_community and community.memberships.filter(user=member).exists()):
        community = None
    response = Response.objects.create(survey=survey, community=community)
    rows = []
    for question in survey.questions.all():
        value = answers.get(question.pk)
        rows.extend(_answer_rows(response, question, value))
    Answer.objects.bulk_create(rows)
    Survey.objects.filter(pk=survey.pk).update(response_count=F("response_count") + 1)


def _scatter(participation: Participation) -> None:
    """On SQLite, move the new participation's row to a random place in its table at once: a table is stored in
    rowid order, and rowids otherwise grow with each insert, pairing the n-th participation with the n-th
    response. (PostgreSQL has no such handle; shuffle_participations below covers it within the hour.)"""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("UPDATE surveys_participation SET rowid = %s WHERE id = %s", [random_key(), participation.pk])


def shuffle_participations() -> int:
    """Write again, in random order and with new random keys, the participations of every survey answered since
    the last run; returns how many surveys were shuffled. Afterwards neither their keys, their place in the
    table (SQLite's rowid, PostgreSQL's ctid) nor their transaction id (PostgreSQL's xmin) follows the order in
    which members answered, so nothing pairs them with the responses. Safe to run twice."""
    due = Survey.objects.filter(response_count__gt=F("shuffled_count")).values_list("pk", flat=True)
    shuffled = 0
    for pk in list(due):
        with transaction.atomic():
            # The same lock submit_response takes: no answer arrives half-way through.
            survey = Survey.objects.select_for_update().get(pk=pk)
            members = list(Participation.objects.filter(survey=survey).values_list("member_id", flat=True))
            random.SystemRandom().shuffle(members)
            Participation.objects.filter(survey=survey).delete()
            Participation.objects.bulk_create(
                [Participation(id=random_key(), survey=survey, member_id=member_id) for member_id in members],
                batch_size=500,
            )
            Survey.objects.filter(pk=pk).update(shuffled_count=survey.response_count)
            shuffled += 1
    return shuffled


def _answer_rows(response: Response, question: Question, value) -> list[Answer]:
    """The rows for one answer, refusing anything outside the question's range."""
    if value in (None, "", []):
        if question.required:
            raise SurveyError(_("Answer “%(question)s”.") % {"question": question.prompt}, field=f"q{question.pk}")
        return []
    kind = question.kind
    if kind == QuestionKind.TEXT:
        return [Answer(response=response, question=question, text=str(value).strip()[:4000])]
    positions = sorted({int(item) for item in value}) if kind == QuestionKind.MULTIPLE else [int(value)]
    low, high = {
        QuestionKind.LIKERT: (1, 5),
        QuestionKind.NPS: (0, 10),
    }.get(kind, (0, len(question.option_list()) - 1))
    if any(not low <= position <= high for position in positions):
        raise SurveyError(_("Choose one of the answers offered."), field=f"q{question.pk}")
    return [Answer(response=response, question=question, number=position) for position in positions]
