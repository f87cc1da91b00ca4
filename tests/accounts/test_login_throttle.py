"""Throttling and lockout of sign-in and password reset (issue 18): after so many failures an
account (or a client address) is refused for a while, even with the right password, with a
message in the page's language saying when to try again — never which of the name or the
password was wrong, and the same for an account that does not exist. The password reset never
tells whether an address has an account."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core import mail

from tests.factories import UserFactory

PASSWORD = "correct horse battery"  # the factories' password

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 4
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 2


def sign_in(client, username, password, language="en", address="203.0.113.7"):
    return client.post(
        f"/{language}/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_after_the_limit_even_the_right_password_is_refused_until_the_window_passes(client):
    UserFactory(username="wanjiru", focal_point=True)
    answers = [sign_in(client, "wanjiru", f"wrong-{n}") for n in range(2)]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert answers[0].context["form"].errors == answers[1].context["form"].errors  # the same answer each time
    locked = sign_in(client, "wanjiru", "wrong-3")
    assert locked.status_code == 429 and locked["Retry-After"] == "900"
    assert "Try again in 15 minutes" in locked.content.decode()
    refused = sign_in(client, "wanjiru", PASSWORD)  # the attempt after the limit, right password
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    # The window passes: the right password gets in, and the count starts again.
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    assert sign_in(client, "wanjiru", PASSWORD).status_code == 302
    assert "_auth_user_id" in client.session


def test_the_message_is_in_the_pages_language_and_says_nothing_of_what_was_wrong(client):
    UserFactory(username="wanjiru", focal_point=True)
    for n in range(3):
        answer = sign_in(client, "wanjiru", f"wrong-{n}", language="fr")
    body = answer.content.decode()
    assert answer.status_code == 429 and "Réessayez dans 15\u00a0minutes" in body.replace("&nbsp;", "\u00a0")
    assert "mot de passe" not in answer.context["refusal"] and "identifiant" not in answer.context["refusal"]


def test_an_unknown_account_is_answered_exactly_as_a_known_one(client):
    UserFactory(username="wanjiru", focal_point=True)
    known = [sign_in(client, "wanjiru", "wrong", address="198.51.100.1") for _ in range(3)]
    unknown = [sign_in(client, "nobody-here", "wrong", address="198.51.100.2") for _ in range(3)]
    assert [a.status_code for a in known] == [a.status_code for a in unknown] == [200, 200, 429]
    assert known[0].context["form"].errors == unknown[0].context["form"].errors


def test_one_address_trying_many_accounts_is_refused(client):
    for n in range(3):
        UserFactory(username=f"person{n}")
    answers = [sign_in(client, f"person{n}", "wrong", address="192.0.2.50") for n in range(3)]
    assert answers[-1].status_code == 429
    # The accounts themselves are not locked for someone elsewhere.
    assert sign_in(client, "person0", PASSWORD, address="192.0.2.99").status_code == 302


def test_the_password_reset_never_tells_whether_an_address_has_an_account(client):
    UserFactory(username="wanjiru", email="wanjiru@example.org")
    known = client.post("/en/accounts/password/reset/", {"email": "wanjiru@example.org"})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_the_password_reset_is_limited_per_e_mail_silently_and_per_address_openly(client):
    UserFactory(username="wanjiru", email="wanjiru@example.org")
    for _ in range(3):  # the third is over the per-e-mail limit: same answer, nothing sent
        answer = client.post("/en/accounts/password/reset/", {"email": "wanjiru@example.org"}, REMOTE_ADDR="192.0.2.1")
        assert answer.status_code == 302
    assert len(mail.outbox) == 2
    client.post("/en/accounts/password/reset/", {"email": "other@example.org"}, REMOTE_ADDR="192.0.2.1")
    refused = client.post("/es/accounts/password/reset/", {"email": "x@example.org"}, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Vuelva a intentarlo" in refused.content.decode()
