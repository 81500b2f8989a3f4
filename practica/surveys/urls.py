from django.urls import path

from practica.surveys.views import answering, benefits, manage, results

app_name = "surveys"

urlpatterns = [
    # Members: the surveys for them, answering once, the thank-you.
    path("surveys/", answering.my_surveys, name="mine"),
    path("surveys/<int:pk>/", answering.survey_answer, name="answer"),
    path("surveys/<int:pk>/thanks/", answering.survey_thanks, name="thanks"),
    # Staff: running surveys and reading their results.
    path("staff/surveys/", manage.survey_list, name="manage"),
    path("staff/surveys/new/", manage.survey_create, name="create"),
    path("staff/surveys/<int:pk>/", manage.survey_detail, name="detail"),
    path("staff/surveys/<int:pk>/edit/", manage.survey_edit, name="edit"),
    path("staff/surveys/<int:pk>/extend/", manage.survey_extend, name="extend"),
    path("staff/surveys/<int:pk>/publish/", manage.survey_publish, name="publish"),
    path("staff/surveys/<int:pk>/delete/", manage.survey_delete, name="delete"),
    path("staff/surveys/<int:pk>/questions/new/", manage.question_create, name="question-create"),
    path("staff/surveys/<int:pk>/questions/<int:question_pk>/", manage.question_edit, name="question-edit"),
    path("staff/surveys/<int:pk>/questions/<int:question_pk>/delete/", manage.question_delete, name="question-delete"),
    path("staff/surveys/<int:pk>/results/", results.survey_results, name="results"),
    path("staff/surveys/<int:pk>/results.csv", results.survey_results_csv, name="results-csv"),
    # The benefits record: staff and champions.
    path("benefits/", benefits.benefit_list, name="benefits"),
    path("benefits/new/", benefits.benefit_create, name="benefit-create"),
    path("benefits/<int:pk>/edit/", benefits.benefit_edit, name="benefit-edit"),
    path("benefits/<int:pk>/delete/", benefits.benefit_delete, name="benefit-delete"),
    path("staff/benefit-categories/", benefits.category_list, name="categories"),
    path("staff/benefit-categories/<int:pk>/", benefits.category_edit, name="category-edit"),
]
