"""Members answer surveys: the home-page invitation, answering once, errors that keep what was chosen, the
thank-you; audience targeting (all members, a division, a community); invitations through notifications."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from practica.accounts.models import RegisterEntry
from practica.notifications.models import Notification
from practica.surveys.models import Participation, Response
from practica.surveys.services.surveys import SurveyError, send_due_invitations
from tests.factories import UserFactory
from tests.helpers import run_pending_tasks
from tests.surveys.conftest import answer_as, client_for, days, make_survey, notify_events


def _answer_url(survey):
    return reverse("surveys:answer", args=[survey.pk])


def _post_for(survey, **values):
    data = {}
    for question in survey.questions.all():
        if question.kind in values:
            data[f"q{question.pk}"] = values[question.kind]
    return data


# The invitation and answering once.


def test_member_sees_the_invitation_on_the_home_page_answers_and_it_goes_away(staff, member, member_client):
    survey = make_survey(staff, title="Spring temperature check", questions=("likert", "nps", "text"))
    home = member_client.get(reverse("core:home")).text
    assert "A survey for you" in home and "Spring temperature check" in home
    response = member_client.post(
        _answer_url(survey), _post_for(survey, likert="4", nps="9", text="More evening meetings"), follow=True
    )
    assert "Thank you" in response.text
    assert "are recorded, anonymously" in response.text
    assert Response.objects.filter(survey=survey).count() == 1
    survey.refresh_from_db()
    assert survey.response_count == 1
    assert "Spring temperature check" not in member_client.get(reverse("core:home")).text


def test_a_member_can_answer_only_once(staff, member, member_client):
    survey = make_survey(staff, questions=("likert",))
    member_client.post(_answer_url(survey), _post_for(survey, likert="5"))
    again = member_client.post(_answer_url(survey), _post_for(survey, likert="1"))
    assert "You have already answered this survey" in again.text
    assert Response.objects.filter(survey=survey).count() == 1
    assert Participation.objects.filter(survey=survey, member=member).count() == 1
    with pytest.raises(SurveyError):
        answer_as(member, survey, likert=2)
    survey.refresh_from_db()
    assert survey.response_count == 1


def test_missing_answers_are_shown_next_to_their_question_keeping_the_others(staff, member_client):
    survey = make_survey(staff, questions=("likert", "nps", "text"))
    response = member_client.post(_answer_url(survey), _post_for(survey, nps="7", text="Kept text"))
    assert response.status_code == 200
    assert "Answer this question, please." in response.text
    likert = survey.questions.get(kind="likert")
    assert f'id="q{likert.pk}_error"' in response.text or f'id="id_q{likert.pk}_error"' in response.text
    assert "Kept text" in response.text
    nps = survey.questions.get(kind="nps")
    assert 'value="7"' in response.text and "checked" in response.text.split(f'name="q{nps.pk}" value="7"')[1][:40]
    assert not Response.objects.exists()


def test_an_out_of_range_answer_is_refused(staff, member_client):
    survey = make_survey(staff, questions=("likert",))
    response = member_client.post(_answer_url(survey), _post_for(survey, likert="9"))
    assert "Select a valid choice" in response.text
    assert not Response.objects.exists()


def test_optional_questions_may_be_left_empty(staff, member, member_client):
    from practica.surveys.services.surveys import add_question, create_survey, publish_survey

    survey = create_survey(actor=staff, title="Short", opens_on=days(0), closes_on=days(3))
    add_question(actor=staff, survey=survey, kind="text", prompt="Anything else?", required=False)
    publish_survey(actor=staff, survey=survey)
    response = member_client.post(_answer_url(survey), {})
    assert response.status_code == 302
    assert Response.objects.filter(survey=survey).count() == 1


def test_staff_see_a_preview_without_a_send_button(staff, staff_client):
    survey = make_survey(staff)
    page = staff_client.get(_answer_url(survey)).text
    assert "This is a preview of what members see" in page
    assert "Send my answers" not in page


def test_a_closed_survey_says_so_and_takes_no_answers(staff, member_client):
    survey = make_survey(staff, questions=("likert",))
    survey.closes_on = days(-1)
    survey.opens_on = days(-10)
    survey.save()
    page = member_client.get(_answer_url(survey)).text
    assert "This survey closed on" in page
    response = member_client.post(_answer_url(survey), _post_for(survey, likert="3"))
    assert "This survey closed on" in response.text
    assert not Response.objects.exists()


def test_a_scheduled_survey_is_not_open_yet(staff, member_client):
    survey = make_survey(staff, opens_on=days(3), closes_on=days(10))
    assert "This survey opens on" in member_client.get(_answer_url(survey)).text
    assert survey.title not in member_client.get(reverse("core:home")).text


def test_a_draft_is_invisible_to_members(staff, member_client):
    survey = make_survey(staff, publish=False)
    assert member_client.get(_answer_url(survey)).status_code == 404


def test_the_thank_you_page_sends_people_who_have_not_answered_back_to_the_survey(staff, member_client):
    survey = make_survey(staff)
    response = member_client.get(reverse("surveys:thanks", args=[survey.pk]))
    assert response.status_code == 302 and response.url == _answer_url(survey)


def test_my_surveys_lists_open_and_answered_surveys(staff, member, member_client):
    first = make_survey(staff, title="First pulse", questions=("likert",))
    make_survey(staff, title="Second pulse", questions=("likert",))
    answer_as(member, first)
    page = member_client.get(reverse("surveys:mine")).text
    assert "First pulse" in page and "Answered, thank you" in page
    assert "Second pulse" in page and "Waiting for you" in page


# Audience targeting.


def test_a_community_survey_reaches_its_members_only(staff, ward, nurse, farmer):
    survey = make_survey(staff, audience_kind="community", community=ward)
    assert client_for(nurse).get(_answer_url(survey)).status_code == 200
    assert client_for(farmer).get(_answer_url(survey)).status_code == 404
    assert survey.title in client_for(nurse).get(reverse("core:home")).text
    assert survey.title not in client_for(farmer).get(reverse("core:home")).text
    with pytest.raises(PermissionDenied):
        answer_as(farmer, survey)
    assert not Response.objects.exists()


def test_a_division_survey_reaches_its_communities_members_and_those_registered_under_it(
    staff, division, ward, nurse, farmer
):
    registered = UserFactory(display_name="Reg Istered")
    RegisterEntry.objects.create(
        membership_number="M1", email=registered.email, full_name="Reg", division="healthcare", user=registered
    )
    survey = make_survey(staff, audience_kind="division", division=division)
    assert client_for(nurse).get(_answer_url(survey)).status_code == 200
    assert client_for(registered).get(_answer_url(survey)).status_code == 200
    assert client_for(farmer).get(_answer_url(survey)).status_code == 404
    survey.refresh_from_db()
    assert survey.audience_size == 2


def test_a_division_survey_offers_only_the_members_communities_in_that_division(staff, division, ward, rural, nurse):
    from tests.factories import add_member

    add_member(rural, nurse)
    survey = make_survey(staff, audience_kind="division", division=division)
    page = client_for(nurse).get(_answer_url(survey)).text
    assert "Which community do you mainly take part in?" in page
    assert "Hospital Counsellors" in page and "Rural Isolation" not in page


def test_lapsed_members_and_staff_are_not_in_the_audience(staff, member, lapsed):
    survey = make_survey(staff)
    from practica.surveys.permissions import audience_members

    audience = set(audience_members(survey))
    assert member in audience and lapsed not in audience and staff not in audience


# Invitations.


def test_publishing_an_open_survey_invites_its_audience_through_notifications(staff, ward, nurse, farmer):
    survey = make_survey(staff, title="Ward check", audience_kind="community", community=ward)
    events = [e for e in notify_events() if e["target"] == "surveys.survey"]
    assert [e["recipient_ids"] for e in events] == [[nurse.pk]]
    run_pending_tasks()
    told = Notification.objects.filter(kind="survey")
    assert [n.recipient for n in told] == [nurse]
    assert told.get().snapshot["url"] == _answer_url(survey)


def test_a_survey_published_ahead_is_announced_once_on_its_opening_day(staff, member, time_machine):
    import datetime

    from django.utils import timezone

    survey = make_survey(staff, opens_on=days(2), closes_on=days(9))
    assert not [e for e in notify_events() if e["target"] == "surveys.survey"]
    time_machine.move_to(timezone.now() + datetime.timedelta(days=2, hours=1))
    assert send_due_invitations() == 1
    assert send_due_invitations() == 0
    events = [e for e in notify_events() if e["target"] == "surveys.survey"]
    assert len(events) == 1 and member.pk in events[0]["recipient_ids"]
    survey.refresh_from_db()
    assert survey.invited_at is not None and survey.audience_size >= 1
