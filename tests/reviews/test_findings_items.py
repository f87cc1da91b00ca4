"""The findings page writes each read-only finding with one ``format`` (``item_html``, issue 19):
the same HTML as its template (``reviews/partials/finding_item.html``), which still writes the
finding whose form is open and the fragments HTMX swaps in — whatever the finding holds (lines,
markup to escape, a technical assistance category, a follow-up with its date and note, missing
translations, a text shown in another language with its badge) and in any language."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from reference.models import TechnicalAssistanceCategory
from reviews.models import Finding
from reviews.services.findings import finding_create, finding_follow_up
from tests.factories import article_of

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def findings(review, expert, staff):
    category = TechnicalAssistanceCategory.objects.order_by("order").first()
    first = finding_create(
        review=review,
        actor=expert,
        article=article_of(review, 5),
        kind=Finding.Kind.CHALLENGE,
        text="Two lines <b>&</b>\nthe second",
        ta_category=category,
    )
    finding_create(
        review=review, actor=expert, article=article_of(review, 5), kind=Finding.Kind.CHALLENGE, text="Plain."
    )
    with translation.override("fr"):
        finding_create(
            review=review,
            actor=expert,
            article=article_of(review, 6),
            kind=Finding.Kind.GOOD_PRACTICE,
            text="Seulement en français.",
        )
    finding_follow_up(
        finding=first,
        actor=staff,
        status=Finding.FollowUp.IMPLEMENTED,
        on=datetime.date(2024, 3, 5),
        note="Law adopted\n& in force",
    )


@pytest.mark.parametrize("language", ["en", "fr", "ar", "zh-hans"])
@pytest.mark.parametrize("reader", ["staff", "expert", "focal"])
def test_each_item_is_what_its_template_writes(client, request, review, findings, language, reader):
    client.force_login(request.getfixturevalue(reader))
    with translation.override(language):
        response = client.get(reverse("reviews:findings", args=[review.pk]))
        assert response.status_code == 200
        context = response.context
        rows = list(context["findings"].rows())
        assert len(rows) == 3
        html = response.content.decode()
        for row in rows:
            made, row.html = row.html, ""
            expected = render_to_string(
                "reviews/partials/finding_item.html",
                {"row": row, "labels": context["labels"], "editing": None, "fragment": False},
            )
            assert made == expected
            assert made in html
    assert any(row.ta_category_name for row in rows) and any(row.follow_up_note for row in rows)
    assert any(row.text.is_fallback for row in rows)  # a text in another language, with its badge
