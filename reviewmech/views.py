"""View helpers every app shares."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

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
