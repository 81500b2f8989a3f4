from django.contrib import admin
from django.urls import include, path

from practica.env import env_bool

urlpatterns = [
    path("", include("practica.core.urls")),
    path("", include("practica.accounts.urls")),
    path("", include("practica.communities.urls")),
    path("", include("practica.discussions.urls")),
    path("", include("practica.library.urls")),
    path("", include("practica.meetings.urls")),
    path("", include("practica.moderation.urls")),
    path("", include("practica.notifications.urls")),
    path("", include("practica.messaging.urls")),
    path("", include("practica.experts.urls")),
    path("", include("practica.development.urls")),
    path("", include("practica.surveys.urls")),
    path("", include("practica.search.urls")),
    path("", include("practica.insights.urls")),
    path("account/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
]

if env_bool("PRACTICA_BENCH"):
    # The benchmark's bare response (bench/run); never routed on a real site.
    from practica.core.bench import hello

    urlpatterns.append(path("bench/hello/", hello, name="bench-hello"))

handler404 = "practica.core.views.not_found"
