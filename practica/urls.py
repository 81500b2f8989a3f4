from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("practica.core.urls")),
    path("", include("practica.accounts.urls")),
    path("account/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
]

handler404 = "practica.core.views.not_found"
