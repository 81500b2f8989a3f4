from django.urls import path

from practica.moderation.views import cases, copyright, flags, premoderation, queue, reports, settings

app_name = "moderation"

urlpatterns: list = [
    # Flags, the review queue and its actions.
    path("moderation/flag/<str:label>/<int:pk>/", flags.flag_create, name="flag"),
    path("moderation/flags/<int:pk>/withdraw/", flags.flag_withdraw, name="flag-withdraw"),
    path("moderation/queue/", queue.queue_list, name="queue"),
    path("moderation/queue/<int:pk>/", queue.item_detail, name="item"),
    path("moderation/queue/<int:pk>/act/", queue.item_action, name="item-action"),
    path("moderation/queue/<int:pk>/call/", queue.request_call, name="request-call"),
    path("moderation/sealed/<int:pk>/", queue.sealed_copy, name="sealed-copy"),
    # (end of flags and queue)
    # Cases, reports, copyright notices, pre-moderation, pile-ons and the settings page.
    path("report/", reports.report_create, name="report"),
    path("report/mine/", reports.my_reports, name="my-reports"),
    path("moderation/reports/<int:pk>/status/", reports.report_update, name="report-update"),
    path("moderation/cases/", cases.case_list, name="cases"),
    path("moderation/cases/new/", cases.case_create, name="case-create"),
    path("moderation/cases/<int:pk>/", cases.case_detail, name="case"),
    path("moderation/cases/<int:pk>/note/", cases.case_note, name="case-note"),
    path("moderation/cases/<int:pk>/status/", cases.case_status, name="case-status"),
    path("moderation/cases/<int:pk>/print/", cases.case_print, name="case-print"),
    path("moderation/cases/<int:pk>/case.json", cases.case_json, name="case-json"),
    path("copyright/", copyright.notice_create, name="copyright"),
    path("moderation/copyright/", copyright.notice_list, name="copyright-notices"),
    path("moderation/copyright/<int:pk>/decide/", copyright.notice_decide, name="copyright-decide"),
    path("moderation/copyright/<int:pk>/suspend/", copyright.notice_suspend, name="copyright-suspend"),
    path("moderation/items/<int:pk>/held-post/", premoderation.held_post_decide, name="held-post-decide"),
    path("moderation/settings/", settings.settings_edit, name="settings"),
    # (end of cases and reports)
]
