"""Staff run surveys: the list, drafting a survey and its questions, publishing, extending, deleting.

Members who may see a survey (it is for them) get 403 on these pages; anyone else 404 (queries.get_survey_for).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practica.core.pagination import paginate
from practica.surveys import queries
from practica.surveys.choices import SurveyState
from practica.surveys.forms.surveys import ExtendForm, QuestionForm, SurveyForm
from practica.surveys.models import Question, Survey
from practica.surveys.permissions import can_manage_surveys, check
from practica.surveys.services import surveys as survey_services
from practica.surveys.services.surveys import STAFF_ONLY, SurveyError


def _refusal(form, error: Exception) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


def _managed(request, pk: int) -> Survey:
    survey = queries.get_survey_for(request.user, pk)
    check(can_manage_surveys(request.user), str(STAFF_ONLY))
    return survey


@require_GET
def survey_list(request):
    check(can_manage_surveys(request.user), str(STAFF_ONLY))
    state = request.GET.get("state", "")
    state = state if state in SurveyState.values else ""
    page = paginate(
        queries.list_surveys_for_staff(request.user, state=state),
        request.GET.get("page"),
        per_page=queries.SURVEYS_PER_PAGE,
    )
    return render(
        request,
        "surveys/survey_list.html",
        {
            "page_obj": page,
            "state": state,
            "states": SurveyState.choices,
            "query_string": f"state={state}" if state else "",
        },
    )


@require_http_methods(["GET", "POST"])
def survey_create(request):
    check(can_manage_surveys(request.user), str(STAFF_ONLY))
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_services.create_survey(actor=request.user, **form.cleaned_data)
        except SurveyError as error:
            _refusal(form, error)
        else:
            messages.success(request, _("The survey is saved as a draft. Add its questions, then publish it."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": None})


def _detail_context(survey: Survey) -> dict:
    return {"survey": survey, "questions": queries.survey_questions(survey), "state": survey.state()}


@require_GET
def survey_detail(request, pk: int):
    survey = _managed(request, pk)
    return render(request, "surveys/survey_detail.html", _detail_context(survey))


@require_http_methods(["GET", "POST"])
def survey_edit(request, pk: int):
    survey = _managed(request, pk)
    if survey.is_locked:
        messages.error(request, str(survey_services.LOCKED_MESSAGE))
        return redirect("surveys:extend", pk=survey.pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            survey_services.update_survey(actor=request.user, survey=survey, **form.cleaned_data)
        except SurveyError as error:
            _refusal(form, error)
        else:
            messages.success(request, _("The survey is saved."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@require_http_methods(["GET", "POST"])
def survey_extend(request, pk: int):
    survey = _managed(request, pk)
    form = ExtendForm(request.POST or None, initial={"closes_on": survey.closes_on})
    if request.method == "POST" and form.is_valid():
        try:
            survey_services.extend_survey(actor=request.user, survey=survey, closes_on=form.cleaned_data["closes_on"])
        except SurveyError as error:
            _refusal(form, error)
        else:
            messages.success(
                request,
                _("The survey now closes on %(date)s.")
                % {"date": date_format(form.cleaned_data["closes_on"], "j F Y")},
            )
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/survey_extend.html", {"form": form, "survey": survey})


@require_POST
def survey_publish(request, pk: int):
    survey = _managed(request, pk)
    try:
        survey = survey_services.publish_survey(actor=request.user, survey=survey)
    except SurveyError as error:
        messages.error(request, str(error))
    else:
        if survey.invited_at:
            messages.success(
                request,
                _("The survey is open. %(count)s members are being invited.") % {"count": survey.audience_size},
            )
        else:
            messages.success(
                request,
                _("The survey is published. Its audience will be invited on %(date)s.")
                % {"date": date_format(survey.opens_on, "j F Y")},
            )
    return redirect("surveys:detail", pk=pk)


@require_http_methods(["GET", "POST"])
def survey_delete(request, pk: int):
    survey = _managed(request, pk)
    if request.method == "POST":
        try:
            survey_services.delete_survey(actor=request.user, survey=survey)
        except SurveyError as error:
            messages.error(request, str(error))
            return redirect("surveys:detail", pk=pk)
        messages.success(request, _("The survey is deleted."))
        return redirect("surveys:manage")
    return render(request, "surveys/survey_delete.html", {"survey": survey})


@require_http_methods(["GET", "POST"])
def question_create(request, pk: int):
    survey = _managed(request, pk)
    if survey.is_locked:
        messages.error(request, str(survey_services.LOCKED_MESSAGE))
        return redirect("surveys:detail", pk=survey.pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_services.add_question(actor=request.user, survey=survey, **form.cleaned_data)
        except SurveyError as error:
            _refusal(form, error)
        else:
            messages.success(request, _("The question is added."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/question_form.html", {"form": form, "survey": survey, "question": None})


def _question(request, pk: int, question_pk: int) -> Question:
    survey = _managed(request, pk)
    return get_object_or_404(Question.objects.select_related("survey"), pk=question_pk, survey=survey)


@require_http_methods(["GET", "POST"])
def question_edit(request, pk: int, question_pk: int):
    question = _question(request, pk, question_pk)
    if question.survey.is_locked:
        messages.error(request, str(survey_services.LOCKED_MESSAGE))
        return redirect("surveys:detail", pk=pk)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            survey_services.update_question(actor=request.user, question=question, **form.cleaned_data)
        except SurveyError as error:
            _refusal(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("surveys:detail", pk=pk)
    return render(
        request, "surveys/question_form.html", {"form": form, "survey": question.survey, "question": question}
    )


@require_POST
def question_delete(request, pk: int, question_pk: int):
    question = _question(request, pk, question_pk)
    try:
        survey_services.delete_question(actor=request.user, question=question)
    except SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The question is removed."))
    return redirect("surveys:detail", pk=pk)
