"""What the views of the reviews app share: the review a person may see. Who may open a staff
page (``reviewmech.views.secretariat_required``) and a form run through a service
(``reviewmech.forms.submit_to_service``) are core helpers, shared by every app."""

import re

from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from reviewmech import freshness

from .. import scopes
from ..models import CountryReview

#: What the review pages read of a review besides its own columns.
REVIEW_RELATED = ("state", "instrument", "cycle", "cycle__mechanism")


def visible_review_or_404(request, pk, *, related=REVIEW_RELATED):
    """The review if this person may see it; otherwise 404, revealing nothing. ``related``: the
    relations read with it in the same query (a page that reads fewer, such as the checklist,
    names them: each table joined costs the query its columns)."""
    queryset = CountryReview.objects.visible_to(request.user).select_related(*related)
    return get_object_or_404(queryset, pk=pk)


#: A number no primary key takes, to find where the key goes in an address.
PLACEHOLDER = 2147483647


def url_of_pk(name: str, *args):
    """``pk → address`` of the view ``name`` whose last argument is a primary key (``args``
    the arguments before it): one ``reverse`` for a whole list, not one per row."""
    head, tail = reverse(name, args=[*args, PLACEHOLDER]).split(str(PLACEHOLDER))
    return lambda pk: f"{head}{pk}{tail}"


#: How long a review page's read-only parts are kept at most: they are replaced as soon as
#: anything they show changes (``reviews.scopes``).
KEPT_SECONDS = 600


def kept_part(request, page: str, review, reader: str, sources: tuple, read, *, by_state: bool = False):
    """``read()``'s value (the read-only parts of one of ``review``'s pages, as HTML), kept in
    the shared cache against the review's scope and the names' (``by_state``: and its State's)
    under a key of the ``page``, the ``reader`` (their rights, or who they are, and anything
    else the parts depend on), the language, the time zone and a digest of ``sources`` (the
    code and templates that make the parts: see ``freshness.code_digest``). The forms in them
    carry this request's CSRF token, whoever's request wrote them."""
    key = ":".join(
        (
            page,
            str(review.pk),
            reader,
            get_language(),
            get_current_timezone_name(),
            freshness.code_digest(*sources),
        )
    )
    kept = [scopes.of_review(review.pk), scopes.COMMON]
    if by_state:
        kept.append(scopes.of_state(review.state_id))
    return _with_token(freshness.read_scoped(key, kept, read, KEPT_SECONDS), get_token(request))


#: A form's CSRF field as ``{% csrf_token %}`` writes it. A person's text cannot make one: the
#: templates escape its quotes.
_CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def _with_token(value, token: str):
    """``value`` (HTML, or a dict with HTML among its values) with the CSRF token of every form
    in it made this request's: what was kept was written for the request that read it, whose
    token may not be valid for this one (another session of the same person, a new sign-in)."""
    if isinstance(value, dict):
        return {name: _with_token(part, token) for name, part in value.items()}
    if isinstance(value, SafeData) and "csrfmiddlewaretoken" in value:
        return mark_safe(_CSRF_FIELD.sub(rf"\g<1>{token}\g<2>", value))  # noqa: S308 -- a token of letters and digits in safe HTML
    return value
