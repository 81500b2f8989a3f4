from django.urls import path

from practica.development.views import log, plan

app_name = "development"

urlpatterns = [
    path("cpd/", log.cpd_log, name="log"),
    path("cpd/new/", log.entry_create, name="entry-create"),
    path("cpd/<int:pk>/edit/", log.entry_edit, name="entry-edit"),
    path("cpd/<int:pk>/delete/", log.entry_delete, name="entry-delete"),
    path("cpd/export/", log.export, name="export"),
    path("cpd/plan/", plan.plan, name="plan"),
    path("cpd/plan/new/", plan.goal_create, name="goal-create"),
    path("cpd/plan/<int:pk>/edit/", plan.goal_edit, name="goal-edit"),
    path("cpd/plan/<int:pk>/delete/", plan.goal_delete, name="goal-delete"),
]
