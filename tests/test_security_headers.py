"""Security headers on every kind of page (issue 18): the Content-Security-Policy (scripts and
styles from the site's own files only, no framing), Permissions-Policy, Cross-Origin-Opener-
Policy, nosniff, X-Frame-Options; no inline script, style element or style attribute in the
site's own HTML; uploaded files always as downloads."""

import re

import pytest

from tests.factories import CountryReviewFactory, UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.I)


def assert_secure(response, url, *, own_html=True):
    assert response.status_code == 200, url
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"):
        assert directive in policy, (url, policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"
    if own_html and "html" in response["Content-Type"]:
        body = response.content.decode()
        assert not INLINE_SCRIPT.search(body), (url, INLINE_SCRIPT.search(body).group(0))
        assert not INLINE_STYLE.search(body), (url, body[INLINE_STYLE.search(body).start() - 80 :][:200])


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/ar/",
        "/en/states/",
        "/ar/states/KEN/",
        "/en/statistics/",
        "/en/findings/",
        "/en/search/?q=corruption&language=en",
        "/en/sessions/",
        "/en/ngo-briefings/",
        "/en/open-data/",
        "/en/accounts/login/",
        "/en/accounts/password/reset/",
        "/en/publications.atom",
        "/open-data/v1/reviews.csv",
        "/api/v1/reviews/",
        "/api/schema/",
    ],
)
def test_public_pages_carry_the_policies_and_no_inline_code(client, url):
    CountryReviewFactory()
    assert_secure(client.get(url), url)


def test_staff_pages_and_the_admin_carry_the_policies(client):
    review = CountryReviewFactory()
    client.force_login(UserFactory(secretariat=True, is_staff=True, is_superuser=True))
    for url in (
        "/en/reviews/",
        f"/en/reviews/{review.pk}/",
        f"/en/reviews/{review.pk}/checklist/",
        "/en/accounts/profile/",
        "/en/registry/",
    ):
        assert_secure(client.get(url), url)
    # Django's admin: the headers, with its own markup.
    for url in (
        "/en/admin/",
        "/en/admin/reviews/countryreview/",
        f"/en/admin/reviews/countryreview/{review.pk}/change/",
    ):
        assert_secure(client.get(url), url, own_html=False)
    assert_secure(client.get("/api/docs/"), "/api/docs/")  # Swagger UI, its settings in a script file
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "javascript" in script["Content-Type"]
