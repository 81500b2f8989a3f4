from django.urls import path

from practica.messaging import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/new/", views.conversation_create, name="new"),
    path("messages/settings/", views.preferences, name="preferences"),
    path("messages/<int:pk>/", views.conversation_detail, name="conversation"),
    path("messages/<int:pk>/leave/", views.leave, name="leave"),
    path("messages/<int:pk>/mute/", views.mute, name="mute"),
    # Moderators: a flagged message, shown to the reviewers of its queue item (each view is logged).
    path("messages/reported/<int:pk>/", views.reported_message, name="reported-message"),
]
