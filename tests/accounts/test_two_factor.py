"""Two-factor sign-in (issue 18): required of the secretariat, focal points and experts, not of
observers; set up with an authenticator app and ten recovery codes, each usable once; asked at
every sign-in; wrong codes throttled; reset by the secretariat; the REST API treats a session
without its second factor as not signed in."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from reviews.models import CountryReview
from tests.factories import CountryReviewFactory, FindingFactory, UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

PASSWORD = "correct horse battery"  # the factories' password


@pytest.fixture(autouse=True)
def required(settings):
    settings.TWO_FACTOR_EXEMPT = False


def password_step(username, client=None):
    client = client or Client()
    answer = client.post("/en/accounts/login/", {"username": username, "password": PASSWORD})
    assert answer.status_code == 302, answer.content.decode()[:500]
    return client


def current_code(user) -> str:
    device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"


def set_up(client, user) -> list[str]:
    client.get("/en/accounts/two-factor/setup/")
    answer = client.post("/en/accounts/two-factor/setup/", {"token": current_code(user)})
    assert answer.status_code == 200 and "Your recovery codes" in answer.content.decode()
    return [
        code.replace(" ", "") for code in re.findall(r"<li><code>(\d{5} \d{5})</code></li>", answer.content.decode())
    ]


@pytest.mark.parametrize("role", ["secretariat", "focal_point", "expert"])
def test_each_privileged_role_must_set_it_up_before_any_page(role):
    user = UserFactory(username="person", **{role: True})
    client = password_step("person")
    answer = client.get("/en/reviews/mine/")
    assert answer.status_code == 302 and answer["Location"].startswith("/en/accounts/two-factor/setup/?next=")
    page = client.get(answer["Location"])
    assert page.status_code == 200 and 'src="data:image/svg+xml' in page.content.decode()
    codes = set_up(client, user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/en/accounts/profile/").status_code == 200


def test_an_observer_is_not_asked_but_may_turn_it_on():
    observer = UserFactory(username="anna", state=state("AUT"))
    client = password_step("anna")
    assert client.get("/en/accounts/profile/").status_code == 200
    assert "Turn it on" in client.get("/en/accounts/profile/").content.decode()
    set_up(client, observer)
    client.post("/en/accounts/logout/")
    again = password_step("anna")
    assert again.get("/en/accounts/profile/")["Location"].startswith("/en/accounts/two-factor/verify/")


def test_every_sign_in_asks_for_the_code_and_a_wrong_one_is_refused(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # the wait after a wrong code outlasts the test
    sofia = UserFactory(username="sofia", secretariat=True)
    set_up(password_step("sofia"), sofia)
    TOTPDevice.objects.update(last_t=-1)  # the setup's code may be used again in this test
    client = password_step("sofia")
    answer = client.get("/en/reviews/")
    assert answer["Location"] == "/en/accounts/two-factor/verify/?next=%2Fen%2Freviews%2F"
    wrong = client.post("/en/accounts/two-factor/verify/", {"token": "000000", "next": "/en/reviews/"})
    assert wrong.status_code == 422 and "This code is not valid" in wrong.content.decode()
    # The device now makes the next attempt wait (django-otp's throttling).
    throttled = client.post("/en/accounts/two-factor/verify/", {"token": current_code(sofia), "next": "/en/reviews/"})
    assert throttled.status_code == 422 and "Too many wrong codes" in throttled.content.decode()
    TOTPDevice.objects.update(throttling_failure_timestamp=None, throttling_failure_count=0)
    before = client.session.session_key
    right = client.post("/en/accounts/two-factor/verify/", {"token": current_code(sofia), "next": "/en/reviews/"})
    assert right.status_code == 302 and right["Location"] == "/en/reviews/"
    assert client.session.session_key != before  # rotated: the session's rights grew
    assert client.get("/en/reviews/").status_code == 200


def test_a_recovery_code_works_once():
    sofia = UserFactory(username="sofia", secretariat=True)
    codes = set_up(password_step("sofia"), sofia)
    first = password_step("sofia")
    answer = first.post("/en/accounts/two-factor/verify/", {"token": f"{codes[0][:5]} {codes[0][5:]}"})
    assert answer.status_code == 302
    second = password_step("sofia")
    assert second.post("/en/accounts/two-factor/verify/", {"token": codes[0]}).status_code == 422
    assert two_factor.recovery_codes_left(sofia) == 9


def test_new_recovery_codes_replace_the_old_ones():
    sofia = UserFactory(username="sofia", secretariat=True)
    client = password_step("sofia")
    old = set_up(client, sofia)
    page = client.post("/en/accounts/two-factor/recovery-codes/").content.decode()
    new = [c.replace(" ", "") for c in re.findall(r"<code>(\d{5} \d{5})</code>", page)]
    assert len(new) == 10 and not set(new) & set(old)
    assert password_step("sofia").post("/en/accounts/two-factor/verify/", {"token": old[1]}).status_code == 422


def test_the_secretariat_resets_it_and_the_person_sets_it_up_again():
    pierre = UserFactory(username="pierre", expert=True)
    pierre_client = password_step("pierre")
    set_up(pierre_client, pierre)
    staff = UserFactory(username="sofia", secretariat=True, is_staff=True)
    with pytest.raises(PermissionDenied):
        two_factor.reset(actor=pierre, user=pierre)
    admin = password_step("sofia")
    set_up(admin, staff)
    answer = admin.post(
        "/en/admin/accounts/user/", {"action": "reset_two_factor", "_selected_action": [pierre.pk]}, follow=True
    )
    assert "Two-factor sign-in reset for 1 person" in answer.content.decode()
    assert not TOTPDevice.objects.filter(user=pierre).exists()
    assert pierre_client.get("/en/accounts/profile/").status_code == 302  # their session ended
    again = password_step("pierre")
    assert again.get("/en/reviews/mine/")["Location"].startswith("/en/accounts/two-factor/setup/")


def test_the_api_treats_a_session_without_the_second_factor_as_not_signed_in():
    review = CountryReviewFactory(status=CountryReview.Status.ACTIVE)
    FindingFactory(review=review, text_en="DRAFT-SENTINEL finding in draft.")
    UserFactory(username="sofia", secretariat=True)
    client = password_step("sofia")
    body = client.get("/api/v1/findings/").json()
    assert body["results"] == []  # anonymous: drafts are not public
    assert client.post("/api/v1/reviews/1/pause/", {"reason": "x"}).status_code in (401, 403)


def test_the_setup_and_verify_pages_are_not_for_the_anonymous():
    assert Client().get("/en/accounts/two-factor/verify/")["Location"].startswith("/en/accounts/login/")
    assert Client().get("/en/accounts/two-factor/setup/")["Location"].startswith("/en/accounts/login/")


def test_the_setup_page_in_arabic_reads_right_to_left_with_the_key_left_to_right():
    UserFactory(username="sofia", secretariat=True)
    client = password_step("sofia")
    page = client.get("/ar/accounts/two-factor/setup/").content.decode()
    assert 'dir="rtl"' in page and "إعداد تسجيل الدخول بعاملين" in page
    assert '<code dir="ltr" class="otp-secret">' in page
