from django.urls import path

from practica.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.results, name="results"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("search/open/", views.open_result, name="open"),
    path("communities/<int:pk>/search-settings/", views.policy, name="policy"),
    path("staff/search/", views.analytics, name="analytics"),
]
