"""The project's addresses plus ``/bench/bare``: a Django view that does nothing, the yardstick
of the load benchmark (same server, same middleware)."""

from django.http import HttpResponse
from django.urls import path

from reviewmech.urls import urlpatterns as project_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), *project_urlpatterns]
