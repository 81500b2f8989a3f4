"""Reads for survey and benefits pages. Every one starts from a `visible_to` queryset."""

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone

from practica.surveys.choices import EvidenceKind, SurveyState
from practica.surveys.evidence import KIND_MODELS
from practica.surveys.models import Benefit, BenefitCategory, Participation, Survey
from practica.surveys.permissions import open_surveys_for

SURVEYS_PER_PAGE = 25
BENEFITS_PER_PAGE = 30
HOME_SURVEYS = 3
# How long other processes may keep showing (or not showing) the home-page invitation after a survey changes.
OPEN_TODAY_SECONDS = 300


def get_survey_for(viewer, pk: int) -> Survey:
    """The survey, if the viewer may see it; otherwise 404, exactly as if it did not exist."""
    return get_object_or_404(Survey.objects.visible_to(viewer).select_related("division", "community"), pk=pk)


def list_surveys_for_staff(viewer, *, state: str = ""):
    """Every survey, newest opening first; or only drafts, scheduled, open or closed ones."""
    today = timezone.localdate()
    surveys = Survey.objects.visible_to(viewer).select_related("division", "community")
    if state == SurveyState.DRAFT:
        surveys = surveys.filter(published_at__isnull=True)
    elif state == SurveyState.SCHEDULED:
        surveys = surveys.filter(published_at__isnull=False, opens_on__gt=today)
    elif state == SurveyState.OPEN:
        surveys = surveys.filter(published_at__isnull=False, opens_on__lte=today, closes_on__gte=today)
    elif state == SurveyState.CLOSED:
        surveys = surveys.filter(published_at__isnull=False, closes_on__lt=today)
    return surveys.order_by("-opens_on", "-pk")


def list_member_surveys(viewer):
    """The published surveys for the viewer's audiences that have opened, each marked answered or not."""

    answered = Participation.objects.filter(survey=OuterRef("pk"), member=viewer)
    return (
        Survey.objects.visible_to(viewer)
        .filter(published_at__isnull=False, opens_on__lte=timezone.localdate())
        .annotate(answered=Exists(answered))
        .select_related("division", "community")
        .order_by("-closes_on", "-pk")
    )


def _open_today_key() -> str:
    return f"surveys:any-open:{timezone.localdate().isoformat()}"


def any_survey_open_today() -> bool:
    """Whether any survey is open today, remembered for a few minutes: on most days none is, and the home page,
    the busiest page, then pays no query for its invitation. The services forget it when a survey changes."""
    key = _open_today_key()
    value = cache.get(key)
    if value is None:
        today = timezone.localdate()
        value = Survey.objects.filter(published_at__isnull=False, opens_on__lte=today, closes_on__gte=today).exists()
        cache.set(key, value, OPEN_TODAY_SECONDS)
    return value


def forget_open_surveys() -> None:
    """Called by the services when a survey is published, changed or deleted: now, and again after commit so a
    page read in between cannot keep the old answer."""
    cache.delete(_open_today_key())
    transaction.on_commit(lambda: cache.delete(_open_today_key()))


def open_surveys_to_answer(viewer, *, limit: int = HOME_SURVEYS) -> list[Survey]:
    """The home page's invitation: open surveys the viewer has not answered, closing soonest first (one query,
    none on days when no survey is open)."""
    if not any_survey_open_today():
        return []
    return list(open_surveys_for(viewer, Survey.objects.all()).order_by("closes_on", "pk")[:limit])


def survey_questions(survey: Survey):
    return survey.questions.all()


# The benefits record.


def list_benefits(viewer, *, category=None, community=None, start=None, end=None):
    """Benefits the viewer may see, newest first, filtered by category, community and a date range."""
    benefits = Benefit.objects.visible_to(viewer).select_related("category", "community", "logged_by")
    if category is not None:
        benefits = benefits.filter(category=category)
    if community is not None:
        benefits = benefits.filter(community=community)
    if start is not None:
        benefits = benefits.filter(happened_on__gte=start)
    if end is not None:
        benefits = benefits.filter(happened_on__lte=end)
    return benefits.order_by("-happened_on", "-pk")


def get_benefit_for(viewer, pk: int) -> Benefit:
    return get_object_or_404(Benefit.objects.visible_to(viewer).select_related("category", "community"), pk=pk)


def benefit_categories(*, active_only: bool = False):
    categories = BenefitCategory.objects.all()
    return categories.filter(is_active=True) if active_only else categories


def evidence_visible_to(viewer, benefits) -> set[int]:
    """The ids of the benefits whose on-site evidence the viewer may see now: its title and link are shown only
    to them (others see that there is evidence, not what). One query per kind of evidence, whatever the count."""
    visible = set()
    wanted: dict[str, dict[int, list[int]]] = {}
    for benefit in benefits:
        if benefit.evidence_kind == EvidenceKind.EXTERNAL:
            visible.add(benefit.pk)
        elif benefit.evidence_kind in KIND_MODELS and benefit.evidence_object_id:
            wanted.setdefault(benefit.evidence_kind, {}).setdefault(benefit.evidence_object_id, []).append(benefit.pk)
    for kind, by_object in wanted.items():
        model = apps.get_model(KIND_MODELS[kind])
        for object_id in model.objects.visible_to(viewer).filter(pk__in=list(by_object)).values_list("pk", flat=True):
            visible.update(by_object[object_id])
    return visible
