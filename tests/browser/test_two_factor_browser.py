"""Two-factor sign-in in a real browser (issue 18): a member of the secretariat signs in, is
led to set up an authenticator app (QR code drawn, no Content-Security-Policy violation), types
its code, keeps the recovery codes, and lands where they were going."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import sign_in, watch_csp
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_ready")]


@pytest.mark.django_db(transaction=True)
def test_setting_up_two_factor_sign_in(page, live_server, reference_data, settings):
    settings.TWO_FACTOR_EXEMPT = False
    UserFactory(username="sofia", secretariat=True)
    violations = watch_csp(page)
    sign_in(page, live_server.url, "sofia")
    page.goto(f"{live_server.url}/en/reviews/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    qr = page.get_by_role("img", name="QR code of your two-factor secret")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 0  # the SVG data URI was drawn

    device = TOTPDevice.objects.get(user__username="sofia")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page).to_have_url(f"{live_server.url}/en/reviews/")
    assert violations == []
