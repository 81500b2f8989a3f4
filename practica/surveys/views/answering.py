"""Members answer surveys: the list of surveys for them, the answering page, and the thank-you.

Whoever is not in a survey's audience gets 404 (queries.get_survey_for). Staff see the answering page as a
preview without a submit button: they run surveys, they do not answer them.
"""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from practica.communities.models import Community
from practica.core.pagination import paginate
from practica.surveys import queries
from practica.surveys.choices import AudienceKind, SurveyState
from practica.surveys.forms.surveys import AnswerForm
from practica.surveys.permissions import can_answer_survey, has_answered
from practica.surveys.services import surveys as survey_services
from practica.surveys.services.surveys import SurveyError


@require_GET
def my_surveys(request):
    page = paginate(
        queries.list_member_surveys(request.user), request.GET.get("page"), per_page=queries.SURVEYS_PER_PAGE
    )
    return render(request, "surveys/my_surveys.html", {"page_obj": page, "query_string": ""})


def _community_choices(user, survey):
    """The communities a respondent may name: their own, within the survey's audience."""
    if not survey.ask_community or survey.audience_kind == AudienceKind.COMMUNITY or user.is_lead:
        return []
    communities = Community.objects.filter(memberships__user=user)
    if survey.audience_kind == AudienceKind.DIVISION:
        communities = communities.filter(division_id=survey.division_id)
    return list(communities.order_by("name"))


@require_http_methods(["GET", "POST"])
def survey_answer(request, pk: int):
    survey = queries.get_survey_for(request.user, pk)
    user = request.user
    state = survey.state()
    if user.is_lead:
        form = AnswerForm(survey=survey, questions=queries.survey_questions(survey))
        return render(request, "surveys/survey_answer.html", {"survey": survey, "form": form, "preview": True})
    if has_answered(user, survey):
        return render(request, "surveys/survey_answered.html", {"survey": survey})
    if state != SurveyState.OPEN:
        return render(request, "surveys/survey_unavailable.html", {"survey": survey, "state": state})
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        survey=survey,
        questions=queries.survey_questions(survey),
        communities=_community_choices(user, survey),
    )
    if request.method == "POST" and form.is_valid() and can_answer_survey(user, survey):
        try:
            survey_services.submit_response(
                member=user, survey=survey, answers=form.answers(), community=form.chosen_community()
            )
        except SurveyError as error:
            field = getattr(error, "field", None)
            form.add_error(field if field in form.fields else None, str(error))
        else:
            return redirect("surveys:thanks", pk=survey.pk)
    return render(request, "surveys/survey_answer.html", {"survey": survey, "form": form, "preview": False})


@require_GET
def survey_thanks(request, pk: int):
    survey = queries.get_survey_for(request.user, pk)
    if not has_answered(request.user, survey):
        return redirect("surveys:answer", pk=survey.pk)
    return render(request, "surveys/survey_thanks.html", {"survey": survey})
