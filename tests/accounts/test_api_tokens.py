"""Personal REST API tokens: the services, the profile page, the admin and the API itself."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import API_TOKEN_TOUCH, api_token_authenticate, api_token_create, api_token_revoke
from accounts.views import NEW_API_TOKEN_SESSION_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")

TOKEN_RE = re.compile(r"<code[^>]*>(rvm_[A-Za-z0-9_-]+)</code>")


def make_token(user=None, **kwargs):
    user = user or UserFactory()
    options = {"name": "dashboard", "days": 90, "scope": "read", **kwargs}
    return api_token_create(user=user, actor=options.pop("actor", user), **options)


# --- Services ----------------------------------------------------------------------------------


def test_a_new_token_authenticates_as_its_user():
    user = UserFactory()
    token, secret = make_token(user)
    assert secret.startswith("rvm_") and token.prefix == secret[:12]
    found = api_token_authenticate(secret)
    assert found == token and found.user == user
    assert token.expires_at - timezone.now() > datetime.timedelta(days=89)


def test_only_the_digest_is_stored():
    token, secret = make_token()
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(secret not in str(value) for value in row.values())
    assert row["digest"] and len(row["digest"]) == 64


def test_an_unknown_or_malformed_token_does_not_authenticate():
    _token, secret = make_token()
    assert api_token_authenticate(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert api_token_authenticate(secret.removeprefix("rvm_")) is None
    assert api_token_authenticate("") is None


def test_an_expired_token_does_not_authenticate():
    token, secret = make_token()
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert api_token_authenticate(secret) is None


def test_a_revoked_token_does_not_authenticate():
    token, secret = make_token()
    api_token_revoke(token=token, actor=token.user)
    assert token.revoked_at is not None and token.revoked_by == token.user
    assert api_token_authenticate(secret) is None
    first = token.revoked_at
    api_token_revoke(token=token, actor=token.user)  # twice changes nothing
    token.refresh_from_db()
    assert token.revoked_at == first


def test_the_token_of_an_inactive_user_does_not_authenticate():
    user = UserFactory()
    _token, secret = make_token(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert api_token_authenticate(secret) is None


def test_only_secretariat_staff_may_hold_a_token_that_writes():
    with pytest.raises(ValidationError) as excinfo:
        make_token(UserFactory(focal_point=True), scope="write")
    assert "scope" in excinfo.value.message_dict
    token, _secret = make_token(UserFactory(secretariat=True), scope="write")
    assert token.allows_write


@pytest.mark.parametrize(
    ("options", "field"),
    [({"name": "  "}, "name"), ({"name": "x" * 101}, "name"), ({"days": 7}, "days"), ({"scope": "admin"}, "scope")],
)
def test_bad_input_is_refused(options, field):
    with pytest.raises(ValidationError) as excinfo:
        make_token(**options)
    assert field in excinfo.value.message_dict
    assert not ApiToken.objects.exists()


def test_another_person_may_not_create_or_revoke_a_token_for_someone():
    owner, other = UserFactory(), UserFactory(expert=True)
    with pytest.raises(PermissionDenied):
        make_token(owner, actor=other)
    token, _secret = make_token(owner)
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, actor=other)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_secretariat_may_create_and_revoke_a_token_for_someone():
    owner, staff = UserFactory(), UserFactory(secretariat=True)
    token, secret = make_token(owner, actor=staff)
    assert token.user == owner and token.created_by == staff
    api_token_revoke(token=token, actor=staff)
    assert token.revoked_by == staff
    assert api_token_authenticate(secret) is None


def test_the_last_use_is_noted_at_most_every_few_minutes():
    token, secret = make_token()
    assert token.last_used_at is None
    api_token_authenticate(secret)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    api_token_authenticate(secret)
    token.refresh_from_db()
    assert token.last_used_at == first  # within five minutes: not written again
    earlier = timezone.now() - API_TOKEN_TOUCH - datetime.timedelta(seconds=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    api_token_authenticate(secret)
    token.refresh_from_db()
    assert token.last_used_at > earlier


# --- Profile page ------------------------------------------------------------------------------


def create_via_page(client, **data):
    return client.post(
        reverse("accounts:api_token_create"),
        {"token-name": "tracking dashboard", "token-days": "90", "token-scope": "read", **data},
    )


def test_the_profile_lists_the_tokens_with_their_status(client):
    user = UserFactory()
    active, _secret = make_token(user, name="active one")
    revoked, _secret = make_token(user, name="revoked one")
    api_token_revoke(token=revoked, actor=user)
    expired, _secret = make_token(user, name="expired one")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    make_token(UserFactory(), name="somebody else's")
    client.force_login(user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "<caption>Your API tokens</caption>" in html and '<th scope="col">Last used</th>' in html
    assert "active one" in html and "revoked one" in html and "expired one" in html
    assert "somebody else" not in html
    assert f"{active.prefix}…" in html
    assert ">Active<" in html and ">Revoked<" in html and ">Expired<" in html
    assert ">never<" in html
    # Only the active token can be revoked.
    assert reverse("accounts:api_token_revoke", args=[active.pk]) in html
    assert reverse("accounts:api_token_revoke", args=[revoked.pk]) not in html
    assert reverse("accounts:api_token_revoke", args=[expired.pk]) not in html


def test_the_write_scope_is_offered_to_the_secretariat_only(client):
    client.force_login(UserFactory(focal_point=True))
    assert 'value="write"' not in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(UserFactory(secretariat=True))
    assert 'value="write"' in client.get(reverse("accounts:profile")).content.decode()


def test_a_token_created_on_the_profile_is_shown_once(client):
    user = UserFactory()
    client.force_login(user)
    response = create_via_page(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile") + "#api-tokens"
    token = ApiToken.objects.get(user=user)
    assert token.name == "tracking dashboard" and token.scope == "read" and token.created_by == user

    page = client.get(reverse("accounts:profile"))
    html = page.content.decode()
    assert "Copy this token now: it will not be shown again." in html
    secret = TOKEN_RE.search(html).group(1)
    assert api_token_authenticate(secret) == token
    assert "no-store" in page["Cache-Control"]

    html = client.get(reverse("accounts:profile")).content.decode()
    assert secret not in html and "Copy this token now" not in html
    assert NEW_API_TOKEN_SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"token-name": ""}, "name", "This field is required."),
        ({"token-days": "7"}, "days", "Select a valid choice."),
        ({"token-days": "abc"}, "days", "Select a valid choice."),
        ({"token-scope": "write"}, "scope", "Select a valid choice."),
    ],
)
def test_bad_input_on_the_profile_is_a_422_keeping_what_was_typed(client, data, field, error):
    client.force_login(UserFactory(focal_point=True))
    response = create_via_page(client, **{"token-name": "kept name", **data})
    assert response.status_code == 422
    html = response.content.decode()
    assert error in html and f'id="id_token-{field}_error"' in html
    if data.get("token-name") != "":
        assert 'value="kept name"' in html
    assert not ApiToken.objects.exists()


def test_a_refusal_of_the_service_is_shown_on_the_form(client, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"name": "Refused by the service."})

    monkeypatch.setattr("accounts.views.api_token_create", refuse)
    client.force_login(UserFactory())
    response = create_via_page(client)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Refused by the service." in html and 'value="tracking dashboard"' in html


def test_the_owner_revokes_a_token(client):
    user = UserFactory()
    token, secret = make_token(user)
    client.force_login(user)
    url = reverse("accounts:api_token_revoke", args=[token.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == user
    assert api_token_authenticate(secret) is None
    assert any("revoked" in str(m) for m in get_messages(response.wsgi_request))


def test_nobody_else_revokes_a_token_on_the_profile(client):
    token, _secret = make_token(UserFactory())
    for other in (UserFactory(), UserFactory(secretariat=True)):
        client.force_login(other)
        assert client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_token_pages_need_sign_in(client):
    token, _secret = make_token(UserFactory())
    for url in (reverse("accounts:api_token_create"), reverse("accounts:api_token_revoke", args=[token.pk])):
        response = client.post(url, {"token-name": "x", "token-days": "90", "token-scope": "read"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert ApiToken.objects.count() == 1


def test_the_revoke_form_needs_the_csrf_token():
    from django.test import Client

    user = UserFactory()
    token, _secret = make_token(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


# --- Admin -------------------------------------------------------------------------------------


def test_the_secretariat_sees_tokens_in_the_admin_without_their_digest(client):
    token, _secret = make_token(UserFactory(username="amina"))
    client.force_login(UserFactory(secretariat=True))
    changelist = client.get(reverse("admin:accounts_apitoken_changelist"), {"q": "amina"})
    assert changelist.status_code == 200 and token.prefix in changelist.content.decode()
    detail = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert token.digest not in html and 'name="name"' not in html
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


def test_others_do_not_see_tokens_in_the_admin(client):
    make_token(UserFactory())
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:accounts_apitoken_changelist")).status_code == 403


def test_the_secretariat_revokes_tokens_in_the_admin(client):
    staff = UserFactory(secretariat=True)
    token, secret = make_token(UserFactory())
    client.force_login(staff)
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == staff
    assert api_token_authenticate(secret) is None


def test_the_secretariat_creates_a_read_only_token_for_people_in_the_admin(client):
    staff = UserFactory(secretariat=True)
    amina = UserFactory(username="amina", focal_point=True, preferred_language="fr")
    gone = UserFactory(username="gone", is_active=False)
    client.force_login(staff)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "create_api_token", "_selected_action": [amina.pk, gone.pk]},
    )
    assert response.status_code == 302
    token = ApiToken.objects.get()
    assert token.user == amina and token.scope == "read" and token.created_by == staff
    assert datetime.timedelta(days=89) < token.expires_at - timezone.now() <= datetime.timedelta(days=90)
    shown = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    warning = next(text for level, text in shown if level == "warning")
    secret = re.search(r"rvm_[A-Za-z0-9_-]+", warning).group(0)
    assert api_token_authenticate(secret) == token and "will not be shown again" in warning
    assert any(level == "error" and "gone" in text for level, text in shown)


# --- REST API ----------------------------------------------------------------------------------


def test_a_token_reads_the_api(client):
    _token, secret = make_token()
    response = client.get("/api/v1/states/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["results"]


@pytest.mark.parametrize("state", ["wrong", "expired", "revoked"])
def test_an_unusable_token_is_a_401_problem(client, state):
    token, secret = make_token()
    if state == "wrong":
        secret = "rvm_" + "x" * 43
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    else:
        api_token_revoke(token=token, actor=token.user)
    response = client.get("/api/v1/states/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_read_only_token_does_not_write(client):
    _token, secret = make_token()
    response = client.post(
        "/api/v1/states/", {"code": "XXX"}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code in (403, 405)
