from django.urls import path

from practica.insights.views import about, dashboards, report, targets

app_name = "insights"

urlpatterns = [
    path("what-we-count/", about.what_we_count, name="what-we-count"),
    path("insights/", dashboards.dashboard, name="dashboard"),
    path("insights/export.csv", dashboards.export, name="export"),
    path("communities/<int:pk>/insights/", dashboards.community_dashboard, name="community"),
    path("communities/<int:pk>/insights/export.csv", dashboards.community_export, name="community-export"),
    path("insights/targets/", targets.target_list, name="targets"),
    path("insights/targets/new/", targets.target_create, name="target-create"),
    path("insights/targets/<int:pk>/edit/", targets.target_edit, name="target-edit"),
    path("insights/targets/<int:pk>/delete/", targets.target_delete, name="target-delete"),
    path("insights/board-report/", report.board_report, name="board-report"),
    path("insights/board-report.csv", report.board_report_csv, name="board-report-csv"),
]
