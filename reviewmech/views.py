"""View helpers every app shares, and the server-error handler."""

import logging
import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from .roles import is_secretariat


def secretariat_required(view):
    """Staff pages: 404 for everyone else, revealing nothing."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_secretariat(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


logger = logging.getLogger(__name__)


def server_error(request, *args, **kwargs):
    """``handler500``: the translated error page, standalone (no query, no request context: the
    database may be what failed). A database that cannot be reached is a 503 (try again later),
    anything else a 500; under /api/, a problem (RFC 9457) instead of a page."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    if request.path.startswith("/api/"):
        detail = _("The service cannot reach its database at the moment.") if unavailable else _("Server error")
        body = {"type": "about:blank", "title": detail, "status": status, "detail": detail, "instance": request.path}
        response = JsonResponse(body, status=status, content_type="application/problem+json")
    else:
        try:
            page = loader.get_template("503.html" if unavailable else "500.html").render()
        except Exception:
            logger.exception("the error page could not be rendered")
            page = "<!DOCTYPE html><title>Error</title><h1>Error</h1>"
        response = HttpResponse(page, status=status)
    if unavailable:
        response["Retry-After"] = "60"
    return response
