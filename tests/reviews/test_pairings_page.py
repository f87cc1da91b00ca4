"""The pairings page of a cycle (issue 19): its rows are made in the view from values escaped
once (``reviews.views.cycles._ROW``), not by the template language row by row. What they show
is checked against the model rows in tests/reviews/test_views.py; here, that what they are made
of is escaped, that a year shows that year's rows only, and an empty cycle."""

import pytest
from django.urls import reverse

from reviews.models import CountryReview
from tests.factories import state

pytestmark = pytest.mark.usefixtures("reference_data")


def tbody(html: str) -> str:
    return html[html.index("<tbody>") : html.index("</tbody>")]


def test_names_are_escaped_in_the_rows(client, staff, drawn):
    kenya = state("KEN")
    kenya.name_en = 'Kenya <script>alert("x")</script> & Co'
    kenya.save()
    client.force_login(staff)
    rows = tbody(client.get(reverse("reviews:cycle_pairings", args=[drawn.pk])).content.decode())
    assert "<script>" not in rows
    assert "Kenya &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in rows


def test_a_year_shows_its_rows_only(client, staff, drawn):
    client.force_login(staff)
    url = reverse("reviews:cycle_pairings", args=[drawn.pk])
    page = client.get(url, {"year": 2016})
    rows = tbody(page.content.decode())
    expected = CountryReview.objects.filter(cycle=drawn, year=2016).count()
    assert rows.count("<tr>") == expected == len(page.context["rows"])
    assert {row["year"] for row in page.context["rows"]} == {2016}
    assert "not drawn yet" not in rows  # 2016's reviewers are drawn
    whole = tbody(client.get(url).content.decode())
    assert whole.count("<tr>") == CountryReview.objects.filter(cycle=drawn).count()
    assert '<span class="muted">not drawn yet</span>' in whole  # the other years'
    assert '<a href="?year=2016" aria-current="page">2016</a>' in page.content.decode()


def test_a_cycle_without_lots(client, staff, uncac_cycle):
    client.force_login(staff)
    html = client.get(reverse("reviews:cycle_pairings", args=[uncac_cycle.pk])).content.decode()
    assert "No lots have been drawn for this cycle yet." in tbody(html)
