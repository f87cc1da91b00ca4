"""What the views of the reviews app share: who may open a staff page, the review a person
may see, and a form run through a service."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from reviewmech.roles import is_secretariat

from ..forms import (
    add_service_error,
)
from ..models import CountryReview


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


def visible_review_or_404(request, pk):
    """The review if this person may see it; otherwise 404, revealing nothing."""
    queryset = CountryReview.objects.visible_to(request.user).select_related(
        "state", "instrument", "cycle", "cycle__mechanism"
    )
    return get_object_or_404(queryset, pk=pk)


def submit_to_service(form, action) -> bool:
    """Validate the form and call the service ``action`` with its cleaned data. True once
    done; False with the reasons on the form. A refused permission is a 404 revealing nothing."""
    if not form.is_valid():
        return False
    try:
        action(**form.cleaned_data)
    except ValidationError as exc:
        add_service_error(form, exc)
        return False
    except PermissionDenied as exc:
        raise Http404 from exc
    return True
