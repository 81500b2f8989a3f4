from django.shortcuts import render
from django.views.decorators.http import require_GET

from practica.insights.metrics import METRICS


@require_GET
def what_we_count(request):
    """The page every member can read that says exactly what is counted, and what is not."""
    return render(request, "insights/what_we_count.html", {"metrics": METRICS.values()})
