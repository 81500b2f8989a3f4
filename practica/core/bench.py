"""The benchmark's baseline: the cheapest response Django gives through Practica's whole middleware stack.

Routed only when PRACTICA_BENCH=1 (see practica/urls.py and bench/README.md), so it never exists on a real
site and stays out of the access matrix. bench/run divides its requests per second by each page's to express
page costs in "hello-units".
"""

from django.http import HttpResponse


def hello(request):
    return HttpResponse(b"Hello, world\n", content_type="text/plain")
