"""Sessions (issue 18): each sign-in is recorded and listed on the profile; a person ends one
of their sessions, or all of them; for the privileged roles a session ends after 30 minutes
idle and 12 hours after sign-in (settings); a change of role, State or rights ends a person's
sessions; Django gives a new session key at sign-in."""

import time

import pytest
from django.test import Client

from accounts.models import SignedInSession
from accounts.session_control import SEEN, STARTED
from tests.factories import UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

PASSWORD = "correct horse battery"  # the factories' password


def signed_in(username, address="203.0.113.9", agent="Mozilla/5.0 (X11; Linux) Firefox/140.0"):
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    answer = client.post("/en/accounts/login/", {"username": username, "password": PASSWORD})
    assert answer.status_code == 302
    return client


def age(client, *, idle_minutes=0, since_sign_in_hours=0):
    session = client.session
    now = time.time()
    session[SEEN] = now - idle_minutes * 60
    session[STARTED] = now - since_sign_in_hours * 3600
    session.save()


def test_a_new_session_key_at_sign_in_and_the_session_on_the_profile():
    UserFactory(username="sofia", secretariat=True)
    client = Client()
    client.get("/en/accounts/login/")
    before = client.cookies.get("sessionid")
    client.post("/en/accounts/login/", {"username": "sofia", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert client.cookies["sessionid"].value != (before.value if before else None)
    record = SignedInSession.objects.get(user__username="sofia")
    assert record.session_key == client.session.session_key and record.ip_address == "203.0.113.9"
    page = client.get("/en/accounts/profile/").content.decode()
    assert "Where you are signed in" in page and "This browser" in page and "203.0.113.9" in page


def test_a_privileged_session_ends_after_30_minutes_idle(client):
    UserFactory(username="sofia", secretariat=True)
    sofia = signed_in("sofia")
    age(sofia, idle_minutes=29)
    assert sofia.get("/en/reviews/").status_code == 200
    age(sofia, idle_minutes=31)
    answer = sofia.get("/en/reviews/")
    assert answer.status_code == 302 and answer["Location"].startswith("/en/accounts/login/?next=")
    assert "_auth_user_id" not in sofia.session and not SignedInSession.objects.exists()
    page = sofia.get(answer["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in page


def test_a_privileged_session_ends_12_hours_after_sign_in_however_active():
    UserFactory(username="wanjiru", focal_point=True)
    wanjiru = signed_in("wanjiru")
    age(wanjiru, since_sign_in_hours=12.1)
    answer = wanjiru.get("/en/reviews/mine/", HTTP_HX_REQUEST="true")
    assert answer.status_code == 401 and answer["HX-Redirect"] == "/en/accounts/login/"


def test_an_observers_session_is_not_limited():
    UserFactory(username="anna", state=state("AUT"))  # an observer
    anna = signed_in("anna")
    age(anna, idle_minutes=120, since_sign_in_hours=30)
    assert anna.get("/en/accounts/profile/").status_code == 200


def test_ending_another_session_and_signing_out_everywhere():
    UserFactory(username="sofia", secretariat=True)
    office, laptop, phone = signed_in("sofia"), signed_in("sofia", agent="Laptop"), signed_in("sofia", agent="Phone")
    assert SignedInSession.objects.count() == 3
    laptop_record = SignedInSession.objects.get(user_agent="Laptop")
    office.post(f"/en/accounts/profile/sessions/{laptop_record.pk}/end/")
    assert laptop.get("/en/accounts/profile/").status_code == 302  # signed out
    assert phone.get("/en/accounts/profile/").status_code == 200
    # Another person's session cannot be ended.
    UserFactory(username="pierre", expert=True)
    pierre = signed_in("pierre")
    office.post(f"/en/accounts/profile/sessions/{SignedInSession.objects.get(user__username='pierre').pk}/end/")
    assert pierre.get("/en/accounts/profile/").status_code == 200
    answer = office.post("/en/accounts/profile/sessions/end-all/")
    assert answer.status_code == 302 and answer["Location"] == "/en/accounts/login/"
    assert (
        phone.get("/en/accounts/profile/").status_code == 302 and office.get("/en/accounts/profile/").status_code == 302
    )
    assert list(SignedInSession.objects.values_list("user__username", flat=True)) == ["pierre"]


def test_a_change_of_role_or_state_ends_the_persons_sessions():
    expert = UserFactory(username="pierre", expert=True)
    pierre = signed_in("pierre")
    expert.last_name = "Martin"
    expert.save()  # not a privilege
    assert pierre.get("/en/accounts/profile/").status_code == 200
    expert.state = state("COL")
    expert.save()
    assert pierre.get("/en/accounts/profile/").status_code == 302
