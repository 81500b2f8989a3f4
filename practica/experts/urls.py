from django.urls import path

from practica.experts.views import directory, requests

app_name = "experts"

urlpatterns = [
    path("experts/", directory.directory, name="directory"),
    path("experts/me/", directory.expert_profile_edit, name="profile-edit"),
    path("speaker-requests/", requests.my_requests, name="my-requests"),
    path("speaker-requests/new/", requests.request_create, name="request-create"),
    path("speaker-requests/<int:pk>/", requests.request_detail, name="request-detail"),
    path("speaker-requests/<int:pk>/withdraw/", requests.request_withdraw, name="request-withdraw"),
    path("speaker-requests/<int:pk>/status/", requests.request_status, name="request-status"),
    path("speaker-requests/<int:pk>/suggest/", requests.request_suggest, name="request-suggest"),
    path("speaker-requests/<int:pk>/speaker/", requests.request_speaker, name="request-speaker"),
    path("speaker-requests/<int:pk>/schedule/", requests.request_schedule, name="request-schedule"),
    path("staff/speaker-requests/", requests.request_queue, name="queue"),
]
