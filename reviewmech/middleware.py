"""Middleware of the project itself."""

from django.conf import settings
from django.http import HttpResponse
from django.template import loader


class RequestSizeLimitMiddleware:
    """A request announcing a body larger than ``REQUEST_MAX_BYTES`` (the largest file anyone
    may upload, and room for the rest of the form) is refused with a 413 before a byte of it is
    read: a huge upload never fills the server's memory or disk. Django itself keeps uploaded
    files over 2.5 MB on disk, not in memory, and refuses a form (without files) over 2.5 MB."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            announced = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            announced = 0
        if announced > settings.REQUEST_MAX_BYTES:
            response = too_large_response()
            response["Connection"] = "close"
            return response
        return self.get_response(request)


def too_large_response() -> HttpResponse:
    """The translated 413 page (in the language the request is answered in)."""
    page = loader.get_template("413.html").render({"limit": settings.REQUEST_MAX_BYTES})
    return HttpResponse(page, status=413)


def request_too_large(request):
    """``/request-too-large/``: the page the proxy in front of gunicorn shows (with GET, the
    body left behind) when it refuses a body over its own limit (docker/nginx)."""
    return too_large_response()
