"""Anonymity of survey responses: no join path from a response to a member in the schema, and no member in any
view or export of the results."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from practica.surveys.models import Answer, Participation, Response
from tests.surveys.conftest import answer_as, many_members

USER_MODEL = settings.AUTH_USER_MODEL


def _relations(model) -> set[str]:
    return {f.related_model._meta.label for f in model._meta.get_fields() if f.is_relation and f.related_model}


def test_a_response_and_its_answers_have_no_relation_to_the_user_model():
    user_model = apps.get_model(USER_MODEL)
    for model in (Response, Answer):
        assert user_model._meta.label not in _relations(model), model
        assert not any(f.name in {"member", "user", "respondent"} for f in model._meta.get_fields())


def test_nothing_joins_a_participation_to_a_response():
    assert Response._meta.label not in _relations(Participation)
    assert Answer._meta.label not in _relations(Participation)
    assert Participation._meta.label not in _relations(Response)
    assert Participation._meta.label not in _relations(Answer)


def test_responses_participations_and_answers_carry_no_timestamp_to_correlate():
    for model in (Response, Answer, Participation):
        times = [f.name for f in model._meta.get_fields() if isinstance(f, (models.DateTimeField, models.DateField))]
        assert times == [], (model, times)


def test_responses_and_answers_have_random_keys_not_a_sequence():
    assert isinstance(Response._meta.pk, models.UUIDField)
    assert isinstance(Answer._meta.pk, models.UUIDField)


def test_results_page_and_csv_name_no_respondent(staff, staff_client, ward, nurse):
    from tests.surveys.conftest import make_survey

    survey = make_survey(staff, questions=("likert", "text"), audience_kind="community", community=ward)
    respondents = [nurse, *many_members(ward, 5)]
    for index, person in enumerate(respondents):
        answer_as(person, survey, likert=4, text=f"Answer number {index}")
    page = staff_client.get(reverse("surveys:results", args=[survey.pk])).text
    export = staff_client.get(reverse("surveys:results-csv", args=[survey.pk])).content.decode()
    assert "Answer number 3" in page and "Answer number 3" in export
    for person in respondents:
        for text in (page, export):
            assert person.display_name not in text
            assert person.email not in text
