from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from practica.core.queries import get_home_for


@require_GET
def home(request):
    return render(request, "core/home.html", get_home_for(request.user))


@require_GET
def robots_txt(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


@require_GET
def health(request):
    """For load balancers: the process answers and the database is reachable. Says nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    # One generic page for "missing" and "not yours to see", with no title or slug echoed back.
    return render(request, "404.html", status=404)
