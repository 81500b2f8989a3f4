"""Staff run surveys: creating, adding questions, publishing; the edit lock once responses arrive (only the
closing date may move, and only later); deleting; who may use these pages; the list's query count."""

import itertools

import pytest
from django.urls import reverse

from practica.core.models import AuditEntry
from practica.surveys.models import Question, Survey
from practica.surveys.services.surveys import (
    SurveyError,
    add_question,
    extend_survey,
    update_survey,
)
from tests.helpers import queries_for
from tests.surveys.conftest import answer_as, client_for, days, make_survey


def test_staff_create_a_survey_add_questions_and_publish_it(staff, staff_client, member):
    response = staff_client.post(
        reverse("surveys:create"),
        {
            "title": "Three-month temperature check",
            "introduction": "How are the communities working for you?",
            "audience_kind": "all",
            "opens_on": days(0).isoformat(),
            "closes_on": days(21).isoformat(),
            "ask_community": "on",
        },
        follow=True,
    )
    assert "saved as a draft" in response.text
    survey = Survey.objects.get()
    assert survey.published_at is None
    staff_client.post(
        reverse("surveys:question-create", args=[survey.pk]),
        {"kind": "likert", "prompt": "I feel part of a community", "required": "on"},
    )
    staff_client.post(
        reverse("surveys:question-create", args=[survey.pk]),
        {"kind": "multiple", "prompt": "What helps most?", "required": "on", "options": "Talks\nPapers\n\nPeers"},
    )
    assert list(survey.questions.values_list("kind", flat=True)) == ["likert", "multiple"]
    assert survey.questions.get(kind="multiple").option_list() == ["Talks", "Papers", "Peers"]
    response = staff_client.post(reverse("surveys:publish", args=[survey.pk]), follow=True)
    assert "The survey is open." in response.text
    survey.refresh_from_db()
    assert survey.published_at and survey.invited_at and survey.audience_size == 1
    assert AuditEntry.objects.filter(action="survey.published").exists()


def test_errors_show_next_to_the_fields_and_keep_what_was_typed(staff_client):
    response = staff_client.post(
        reverse("surveys:create"),
        {
            "title": "Kept title",
            "audience_kind": "division",
            "opens_on": days(5).isoformat(),
            "closes_on": days(1).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Choose the division whose members the survey is for." in response.text
    assert "The closing date must be on or after the opening date." in response.text
    assert 'value="Kept title"' in response.text
    assert not Survey.objects.exists()


def test_multiple_choice_needs_two_options(staff, staff_client):
    survey = make_survey(staff, publish=False, questions=())
    response = staff_client.post(
        reverse("surveys:question-create", args=[survey.pk]), {"kind": "single", "prompt": "Pick", "options": "Only"}
    )
    assert "Give at least two options, one per line." in response.text
    assert not Question.objects.exists()


def test_a_survey_without_questions_cannot_be_published(staff, staff_client):
    survey = make_survey(staff, publish=False, questions=())
    response = staff_client.post(reverse("surveys:publish", args=[survey.pk]), follow=True)
    assert "Add at least one question before publishing." in response.text
    survey.refresh_from_db()
    assert survey.published_at is None


def test_after_the_first_response_only_the_closing_date_can_change(staff, staff_client, member):
    survey = make_survey(staff, questions=("likert",))
    answer_as(member, survey)
    survey.refresh_from_db()
    response = staff_client.get(reverse("surveys:edit", args=[survey.pk]), follow=True)
    assert "People have already answered this survey" in response.text
    assert "You can still extend its closing date." in response.text
    with pytest.raises(SurveyError):
        update_survey(actor=staff, survey=survey, title="Changed", opens_on=survey.opens_on, closes_on=days(30))
    with pytest.raises(SurveyError):
        add_question(actor=staff, survey=survey, kind="text", prompt="Late question")
    question = survey.questions.get()
    assert (
        staff_client.post(
            reverse("surveys:question-edit", args=[survey.pk, question.pk]), {"kind": "text", "prompt": "Changed"}
        ).status_code
        == 302
    )
    question.refresh_from_db()
    assert question.prompt == "A likert question"
    response = staff_client.post(
        reverse("surveys:extend", args=[survey.pk]), {"closes_on": days(30).isoformat()}, follow=True
    )
    assert "The survey now closes on" in response.text
    survey.refresh_from_db()
    assert survey.closes_on == days(30)
    assert survey.title == "Temperature check"


def test_the_closing_date_can_only_move_later(staff, staff_client):
    survey = make_survey(staff)
    response = staff_client.post(reverse("surveys:extend", args=[survey.pk]), {"closes_on": days(3).isoformat()})
    assert "Choose a date after the current closing date" in response.text
    with pytest.raises(SurveyError):
        extend_survey(actor=staff, survey=survey, closes_on=survey.closes_on)


def test_a_survey_can_be_edited_before_anyone_answers(staff, staff_client):
    survey = make_survey(staff)
    response = staff_client.post(
        reverse("surveys:edit", args=[survey.pk]),
        {
            "title": "Renamed",
            "audience_kind": "all",
            "opens_on": survey.opens_on.isoformat(),
            "closes_on": days(20).isoformat(),
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title == "Renamed" and survey.closes_on == days(20)


def test_a_survey_with_answers_is_kept_and_one_without_can_be_deleted(staff, staff_client, member):
    kept = make_survey(staff, questions=("likert",))
    answer_as(member, kept)
    response = staff_client.post(reverse("surveys:delete", args=[kept.pk]), follow=True)
    assert "People have answered this survey, so it is kept." in response.text
    draft = make_survey(staff, publish=False)
    staff_client.post(reverse("surveys:delete", args=[draft.pk]))
    assert list(Survey.objects.all()) == [kept]


def test_members_get_403_on_staff_pages_of_a_survey_they_may_answer(staff, member_client, moderator_client):
    survey = make_survey(staff)
    for client in (member_client, moderator_client):
        for name in ("surveys:detail", "surveys:results", "surveys:results-csv", "surveys:extend"):
            assert client.get(reverse(name, args=[survey.pk])).status_code == 403
        assert client.get(reverse("surveys:manage")).status_code == 403


def test_a_champion_cannot_run_surveys(staff, champion, ward):
    survey = make_survey(staff, audience_kind="community", community=ward)
    client = client_for(champion)
    assert client.get(reverse("surveys:create")).status_code == 403
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 403


_titles = itertools.count(1)


def test_the_staff_survey_list_costs_the_same_with_1_and_50_surveys(staff, staff_client, ward, division):
    def add(n):
        for index in range(n):
            kind = ("all", "community", "division")[index % 3]
            make_survey(
                staff,
                title=f"Survey {next(_titles)}",
                questions=("likert",),
                audience_kind=kind,
                community=ward if kind == "community" else None,
                division=division if kind == "division" else None,
            )

    add(1)
    with_one = queries_for(staff_client, reverse("surveys:manage"))
    add(49)
    assert queries_for(staff_client, reverse("surveys:manage")) == with_one


def test_the_members_survey_list_costs_the_same_with_1_and_50_surveys(staff, nurse, ward):
    client = client_for(nurse)

    def add(n):
        for _ in range(n):
            survey = make_survey(
                staff, title=f"Survey {next(_titles)}", questions=("likert",), audience_kind="community", community=ward
            )
            if next(_titles) % 2:
                answer_as(nurse, survey)

    add(1)
    with_one = queries_for(client, reverse("surveys:mine"))
    add(49)
    assert queries_for(client, reverse("surveys:mine")) == with_one
