from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, override

from .roles import is_secretariat


def languages(request):
    """The six languages for the switcher, and the text direction of the active one.

    ``LANGUAGE_LINKS`` is the address of the page in each language, computed when a page shows
    it (not for a fragment HTMX asks for) from the view the request already resolved to: six
    ``reverse``, not six ``resolve`` of the address as well (``translate_url``)."""
    code = get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_IS_RTL": code in settings.RTL_LANGUAGES,
        "UN_LANGUAGES": settings.LANGUAGES,
        "IS_SECRETARIAT": is_secretariat(getattr(request, "user", None)),
        "LANGUAGE_LINKS": SimpleLazyObject(lambda: language_links(request)),
    }


def language_links(request) -> list[dict]:
    """What ``{% language_links %}`` gives: the six languages with the address of the current
    page in each (the same one where it has no other), the active one marked."""
    path = request.get_full_path()
    current = get_language()
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return [
            {"code": code, "name": name, "url": translate_url(path, code), "active": code == current}
            for code, name in settings.LANGUAGES
        ]
    parsed = urlsplit(path)
    view = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    links = []
    for code, name in settings.LANGUAGES:
        with override(code):
            try:
                url = urlunsplit(
                    (
                        parsed.scheme,
                        parsed.netloc,
                        reverse(view, args=match.args, kwargs=match.kwargs),
                        parsed.query,
                        parsed.fragment,
                    )
                )
            except NoReverseMatch:
                url = path
        links.append({"code": code, "name": name, "url": url, "active": code == current})
    return links
