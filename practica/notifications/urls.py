from django.urls import path

from practica.notifications.views import inbox, preferences, watching

app_name = "notifications"

urlpatterns = [
    path("notifications/", inbox.notification_list, name="list"),
    path("notifications/unread-count/", inbox.unread_count, name="unread-count"),
    path("notifications/read/", inbox.mark_all_read, name="mark-all-read"),
    path("notifications/<int:pk>/open/", inbox.notification_open, name="open"),
    path("notifications/<int:pk>/read/", inbox.notification_read, name="read"),
    path("notifications/<int:pk>/unread/", inbox.notification_unread, name="unread"),
    path("notifications/email/", preferences.email_preferences, name="preferences"),
    path("notifications/email/links/", preferences.rotate_unsubscribe_links, name="rotate-links"),
    # Public: reached from an e-mail, without signing in (the signed token is the permission).
    path("unsubscribe/<str:token>/", preferences.unsubscribe, name="unsubscribe"),
    path("communities/<int:pk>/follow/", watching.community_watch, name="community-watch"),
    path("communities/<int:pk>/email-policy/", watching.community_email_policy, name="email-policy"),
    path("topics/<int:pk>/follow/", watching.topic_watch, name="topic-watch"),
]
