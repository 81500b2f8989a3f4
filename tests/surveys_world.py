"""Objects of the surveys app for the access matrix (tests/test_access_matrix.py). Keys start with "surveys".

The open survey is for all members (the `member` and `moderator` personas may answer it, and get 403 on its
staff pages); the community survey is for the closed community of `discussion_world`, which those personas do not
belong to (404); the draft is seen by staff only (404 for everyone else). The benefit was logged by staff for the
open community, whose champion is not one of the personas (404 on its pages for members and moderators)."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from practica.surveys.models import BenefitCategory
from practica.surveys.services.benefits import log_benefit
from practica.surveys.services.surveys import add_question, create_survey, publish_survey


def ensure_benefit_categories() -> None:
    """The five categories the data migration seeds; a transactional test elsewhere may have flushed them."""
    import_module("practica.surveys.migrations.0002_seed_benefit_categories").seed(apps, None)


def make_survey(staff, *, questions=("likert", "text"), publish=True, **fields):
    today = timezone.localdate()
    fields = {
        "title": "Temperature check",
        "opens_on": today,
        "closes_on": today + datetime.timedelta(days=14),
    } | fields
    survey = create_survey(actor=staff, **fields)
    for kind in questions:
        options = "Talks\nPapers\nPeer support" if kind in {"single", "multiple"} else ""
        add_question(actor=staff, survey=survey, kind=kind, prompt=f"A {kind} question", options=options)
    if publish:
        survey = publish_survey(actor=staff, survey=survey)
    return survey


@pytest.fixture
def surveys_world(db, discussion_world, member, staff) -> dict:
    open_survey = make_survey(staff)
    community_survey = make_survey(
        staff, title="Closed circle check", audience_kind="community", community=discussion_world["closed_community_d"]
    )
    draft = make_survey(staff, title="Draft survey", publish=False)
    ensure_benefit_categories()
    category = BenefitCategory.objects.order_by("position").first()
    benefit = log_benefit(
        actor=staff,
        category=category,
        title="A speaker found for the spring meeting",
        happened_on=timezone.localdate(),
        community=discussion_world["open_community"],
    )
    return {
        "surveys_open": open_survey,
        "surveys_community": community_survey,
        "surveys_draft": draft,
        "surveys_draft_question": draft.questions.first(),
        "surveys_category": category,
        "surveys_benefit": benefit,
    }
