"""The main menu of every page (``templates/base.html``): its addresses, reversed once per
language in a process (``reviewmech.context_processors``), and the entry of the page marked
``aria-current``, as the template's own tests of the resolved view said."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from reviewmech import context_processors
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")

#: The menu's entries: their label and the view they lead to.
ENTRIES = {
    "Home": "home",
    "Sessions": "sessions:calendar",
    "Documents": "documents:registry",
    "States parties": "public:states",
    "Findings": "public:findings",
    "Search": "public:search",
    "Statistics": "public:statistics",
    "NGO briefings": "ngo_briefings:briefings",
    "Civil society": "ngo_briefings:home",
    "Country reviews": "reviews:dashboard",
    "Operations": "reviews:operations",
    "My reviews": "reviews:my_reviews",
    "Administration": "admin:index",
}


def menu(html: str) -> dict[str, tuple[str, bool]]:
    """The main menu's links: label → (address, whether marked as the current page)."""
    nav = html.split('<nav class="main-nav"', 1)[1].split('<ul class="account">', 1)[0]
    return {
        label: (href, bool(current))
        for href, current, label in re.findall(r'<li><a href="([^"]*)"( aria-current="page")?>([^<]+)</a>', nav)
    }


@pytest.mark.parametrize(
    ("view", "current"),
    [
        ("home", "Home"),
        ("sessions:calendar", "Sessions"),
        ("documents:registry", "Documents"),
        ("public:states", "States parties"),
        ("public:findings", "Findings"),
        ("public:search", "Search"),
        ("public:statistics", "Statistics"),
        ("ngo_briefings:briefings", "NGO briefings"),
        ("ngo_briefings:home", "Civil society"),
        ("reviews:dashboard", "Country reviews"),
        ("reviews:operations", "Operations"),
        ("public:open_data", "States parties"),  # a page of the public site's own
    ],
)
def test_the_menu_marks_the_page_and_leads_where_its_views_are(client, view, current):
    client.force_login(UserFactory(secretariat=True, is_staff=True))
    response = client.get(reverse(view))
    assert response.status_code == 200
    links = menu(response.content.decode())
    assert [label for label, (_href, marked) in links.items() if marked] == [current]
    shown = {label: href for label, (href, _marked) in links.items()}
    assert shown == {label: reverse(name) for label, name in ENTRIES.items() if label != "My reviews"}
    html = response.content.decode()
    for name in ("accounts:profile", "public:open_data", "public:feed"):
        assert f'href="{reverse(name)}"' in html
    assert f'action="{reverse("accounts:logout")}"' in html


def test_the_menu_of_a_participant_and_of_someone_signed_out(client):
    client.force_login(UserFactory(focal_point=True))
    links = menu(client.get(reverse("reviews:my_reviews")).content.decode())
    assert links["My reviews"] == (reverse("reviews:my_reviews"), True)
    assert "Country reviews" not in links and "Operations" not in links
    client.logout()
    html = client.get(reverse("public:states")).content.decode()
    links = menu(html)
    assert "My reviews" not in links and "Civil society" not in links and links["States parties"][1]
    assert f'<a href="{reverse("accounts:login")}?next=/en/states/">' in html


def test_each_language_has_its_own_addresses(client):
    client.force_login(UserFactory(secretariat=True))
    for code in ("fr", "ar", "en", "fr"):
        with translation.override(code):
            path = reverse("reviews:dashboard")
            expected = {label: reverse(name) for label, name in ENTRIES.items() if label != "My reviews"}
        response = client.get(path)
        hrefs = {href for href, _marked in menu(response.content.decode()).values()}
        assert hrefs == set(expected.values()) and all(href.startswith(f"/{code}/") for href in hrefs)


def test_the_addresses_are_reversed_once_per_language(client, monkeypatch):
    client.force_login(UserFactory(secretariat=True))
    client.get(reverse("reviews:dashboard"))  # the addresses of English, in this process
    calls = []
    real = context_processors.reverse
    monkeypatch.setattr(
        context_processors, "reverse", lambda *args, **kwargs: calls.append(args) or real(*args, **kwargs)
    )
    client.get(reverse("reviews:dashboard"))
    assert calls == []  # neither the menu nor the language links
    client.get(reverse("reviews:dashboard"), {"mechanism": "untoc-rm"})
    assert calls == []  # the same view: the query string is the request's
