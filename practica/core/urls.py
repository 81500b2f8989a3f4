from django.urls import path

from practica.core import views, views_outbox

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.health, name="health"),
    path("staff/outbox/", views_outbox.outbox_list, name="outbox"),
    path("staff/outbox/<int:pk>/retry/", views_outbox.outbox_retry, name="outbox-retry"),
    path("staff/outbox/<int:pk>/cancel/", views_outbox.outbox_cancel, name="outbox-cancel"),
]
