from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, override

from .roles import is_secretariat


def languages(request):
    """The six languages for the switcher, the text direction of the active one, and the main
    menu of ``base.html``.

    ``LANGUAGE_LINKS`` is the address of the page in each language, computed when a page shows
    it (not for a fragment HTMX asks for) from the view the request already resolved to: six
    ``reverse``, not six ``resolve`` of the address as well (``translate_url``), and those once
    per view and arguments in a process (``_addresses``). ``MENU`` is the address of each entry
    of the menu, reversed once per language in a process; ``MENU_CURRENT`` the entries the page
    is one of (``aria-current``)."""
    code = get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_IS_RTL": code in settings.RTL_LANGUAGES,
        "UN_LANGUAGES": settings.LANGUAGES,
        "IS_SECRETARIAT": is_secretariat(getattr(request, "user", None)),
        "LANGUAGE_LINKS": SimpleLazyObject(lambda: language_links(request)),
        "MENU": SimpleLazyObject(menu_addresses),
        "MENU_CURRENT": SimpleLazyObject(lambda: menu_current(request)),
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
    try:
        paths = _addresses(_where(), view, tuple(match.args), tuple(sorted(match.kwargs.items())))
    except TypeError:  # an argument that cannot be a key of the cache (none of ours)
        paths = _addresses.__wrapped__(_where(), view, tuple(match.args), tuple(sorted(match.kwargs.items())))
    links = []
    for (code, name), address in zip(settings.LANGUAGES, paths, strict=True):
        if address is None:
            url = path
        else:
            url = urlunsplit((parsed.scheme, parsed.netloc, address, parsed.query, parsed.fragment))
        links.append({"code": code, "name": name, "url": url, "active": code == current})
    return links


def _where() -> tuple:
    """What an address depends on besides the view, its arguments and the language: the URL
    configuration and the prefix the site is served under."""
    return (settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())


@lru_cache(maxsize=4096)
def _addresses(where: tuple, view: str, args: tuple, kwargs: tuple) -> tuple[str | None, ...]:
    """The address of ``view`` with its arguments in each language (None where there is
    none): reversing is deterministic, so once per process (bounded: the least used are
    forgotten)."""
    addresses = []
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                addresses.append(reverse(view, args=args, kwargs=dict(kwargs)))
            except NoReverseMatch:
                addresses.append(None)
    return tuple(addresses)


#: The entries of the main menu (``base.html``) and the view each leads to.
MENU_VIEWS = {
    "home": "home",
    "sessions": "sessions:calendar",
    "documents": "documents:registry",
    "states": "public:states",
    "findings": "public:findings",
    "search": "public:search",
    "statistics": "public:statistics",
    "briefings": "ngo_briefings:briefings",
    "civil_society": "ngo_briefings:home",
    "dashboard": "reviews:dashboard",
    "operations": "reviews:operations",
    "my_reviews": "reviews:my_reviews",
    "admin": "admin:index",
    "profile": "accounts:profile",
    "logout": "accounts:logout",
    "login": "accounts:login",
    "open_data": "public:open_data",
    "feed": "public:feed",
}


def menu_addresses() -> dict[str, str]:
    """The address of each entry of the menu in the active language."""
    return _menu_addresses(_where(), get_language())


@lru_cache(maxsize=64)
def _menu_addresses(where: tuple, language: str | None) -> dict[str, str]:
    return {entry: reverse(view) for entry, view in MENU_VIEWS.items()}


def menu_current(request) -> dict[str, bool]:
    """The entries of the menu the page is one of, as ``base.html`` said with its tests of
    ``request.resolver_match`` (a page may be under two: a search of the public site is the
    search's and not the States')."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {}
    name, app = match.url_name or "", match.app_name or ""
    return {
        "home": name == "home" and not app,
        "sessions": app == "sessions",
        "documents": name in ("registry", "document"),
        "states": app == "public" and name not in ("findings", "statistics", "search"),
        "findings": name == "findings" and app == "public",
        "search": name == "search",
        "statistics": name == "statistics",
        "briefings": app == "ngo_briefings" and name != "home",
        "civil_society": app == "ngo_briefings" and name == "home",
        "dashboard": name == "dashboard",
        "operations": name == "operations",
        "my_reviews": name == "my_reviews",
    }
