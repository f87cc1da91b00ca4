"""The project's addresses plus ``/bench/bare`` and ``/bench/bare.json``: Django views that do
nothing, the yardsticks of the load benchmarks (same server, same middleware)."""

from django.http import HttpResponse, JsonResponse
from django.urls import path

from reviewmech.urls import urlpatterns as project_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


def bare_json(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare", bare), path("bench/bare.json", bare_json), *project_urlpatterns]
