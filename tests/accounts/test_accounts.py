"""Sign in, profile, preferred language, password change and reset."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.services import user_create
from reference.models import State
from reviewmech.roles import Role, is_secretariat
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")


def test_sign_in_continues_in_the_preferred_language(client):
    UserFactory(username="julien", expert=True, preferred_language="fr")
    response = client.post(
        "/en/accounts/login/", {"username": "julien", "password": "correct horse battery", "next": "/en/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert response.cookies["reviewmech_language"].value == "fr"


def test_wrong_password_is_a_translated_error(client):
    UserFactory(username="amina", focal_point=True)
    response = client.post("/es/accounts/login/", {"username": "amina", "password": "nope"})
    assert response.status_code == 200
    assert "Por favor, introduzca un nombre de usuario y clave correctos" in response.content.decode()


def test_profile_saves_the_language_and_switches_to_it(client):
    user = UserFactory(focal_point=True)
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Amina", "last_name": "Odhiambo", "email": "amina@example.org", "preferred_language": "ar"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/profile/"
    user.refresh_from_db()
    assert user.preferred_language == "ar"
    page = client.get("/ar/accounts/profile/").content.decode()
    assert 'dir="rtl"' in page


def test_profile_rejects_bad_input_and_keeps_what_was_saved(client):
    user = UserFactory(focal_point=True, email="kept@example.org")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"email": "not an address", "preferred_language": "xx"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    user.refresh_from_db()
    assert user.email == "kept@example.org"


def test_profile_needs_sign_in(client):
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_password_reset_mail_is_in_the_preferred_language(client):
    UserFactory(username="youssef", email="youssef@example.org", preferred_language="fr")
    response = client.post("/en/accounts/password/reset/", {"email": "youssef@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["youssef@example.org"]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", message.body).group(0)
    # The link works: it leads to the form for a new password.
    response = client.get(link.split("testserver", 1)[1], follow=True)
    assert response.status_code == 200
    assert 'name="new_password1"' in response.content.decode()
    assert "reviewmech" in message.subject
    assert "Bonjour" in message.body or "Cher" in message.body or "Madame" in message.body


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "a much longer phrase 42",
            "new_password2": "a much longer phrase 42",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a much longer phrase 42")


def test_sign_out_is_a_post(client):
    client.force_login(UserFactory())
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_focal_point_must_belong_to_a_state():
    with pytest.raises(ValidationError) as excinfo:
        user_create(username="x", email="x@example.org", password=None, role=Role.FOCAL_POINT)
    assert "state" in excinfo.value.message_dict


def test_secretariat_staff_do_not_represent_a_state():
    with pytest.raises(ValidationError):
        user_create(
            username="y", email="y@example.org", password=None, role=Role.SECRETARIAT, state=State.objects.first()
        )
    staff = user_create(username="z", email="z@example.org", password=None, role=Role.SECRETARIAT)
    assert staff.is_staff and is_secretariat(staff)
    assert not is_secretariat(UserFactory(focal_point=True))
