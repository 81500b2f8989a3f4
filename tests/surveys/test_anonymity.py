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


def _answer_in_turn(survey, people):
    for index, person in enumerate(people):
        answer_as(person, survey, likert=1 + index % 5, text=f"Answer {index}")


def _is_sorted(values) -> bool:
    return list(values) == sorted(values)


def test_no_key_and_no_stored_order_follows_the_order_members_answered(staff, ward):
    from django.db import connection

    from tests.surveys.conftest import make_survey

    survey = make_survey(staff, questions=("likert", "text"), audience_kind="community", community=ward)
    people = many_members(ward, 12)
    _answer_in_turn(survey, people)
    answering_order = [person.pk for person in people]

    # Keys: random on both sides, so neither the responses' nor the participations' keys sort by answering.
    by_member = dict(Participation.objects.filter(survey=survey).values_list("member_id", "pk"))
    assert not _is_sorted([by_member[member_id] for member_id in answering_order])
    assert not isinstance(Participation._meta.pk, models.AutoField)
    answers = Answer.objects.filter(text__startswith="Answer").order_by("pk")
    texts_by_key = [text for _pk, text in answers.values_list("pk", "text")]
    texts_by_response_key = list(answers.order_by("response_id").values_list("text", flat=True))
    assert texts_by_response_key != sorted(texts_by_response_key, key=lambda text: int(text.split()[1]))
    assert texts_by_key != sorted(texts_by_key, key=lambda text: int(text.split()[1]))

    # Physical order: responses are stored in the order they came, so the participations must not be, or the
    # n-th of each would pair up. SQLite: at once (a random rowid); PostgreSQL: by the hourly shuffle (below).
    if connection.vendor == "sqlite":
        table = Participation._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT member_id FROM {table} WHERE survey_id = %s ORDER BY rowid", [survey.pk])
            stored_order = [row[0] for row in cursor.fetchall()]
        assert stored_order != answering_order

    # No model of the survey answers holds a time finer than the survey's own dates.
    for model in (Response, Answer, Participation):
        assert not [f for f in model._meta.get_fields() if isinstance(f, models.DateTimeField | models.DateField)]


def test_the_hourly_shuffle_writes_participations_again_in_random_order_and_keeps_answer_once(staff, ward):
    from django.db import connection

    from practica.surveys.services.surveys import SurveyError, shuffle_participations
    from practica.surveys.tasks import shuffle_survey_participations
    from tests.surveys.conftest import make_survey

    survey = make_survey(staff, questions=("likert",), audience_kind="community", community=ward)
    people = many_members(ward, 15)
    _answer_in_turn(survey, people)
    before = set(Participation.objects.filter(survey=survey).values_list("pk", flat=True))

    assert shuffle_survey_participations.call() == 1
    after = Participation.objects.filter(survey=survey)
    assert set(after.values_list("member_id", flat=True)) == {person.pk for person in people}
    assert not before & set(after.values_list("pk", flat=True))  # every key is new
    table = Participation._meta.db_table
    order = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT member_id FROM {table} WHERE survey_id = %s ORDER BY {order}", [survey.pk])
        stored_order = [row[0] for row in cursor.fetchall()]
    assert stored_order != [person.pk for person in people]
    # Nothing new since: the next run has nothing to do; a member still cannot answer twice.
    assert shuffle_participations() == 0
    try:
        answer_as(people[0], survey)
    except SurveyError:
        pass
    else:  # pragma: no cover - the assertion below explains the failure
        raise AssertionError("a member answered twice after the shuffle")
    survey.refresh_from_db()
    assert survey.response_count == 15
