"""The access log (issue 18): sign-ins and failures, lockouts, second factors, changes of role
or State, API tokens, downloads of confidential files — who, what, when, from where; append
only, kept ACCESS_LOG_DAYS; filtered and exported as CSV by the secretariat. And a crawl of the
confidential downloads: each needs a signed-in person who gave their second factor and may
read the file."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import purge, record
from accounts.models import AccessEvent
from accounts.services import api_token_create, api_token_revoke
from documents.models import Distribution
from documents.services.registry import document_file_attach, document_issue, document_register
from reviews.services.attachments import attachment_add
from reviews.services.checklist import checklist_open
from tests.factories import CountryReviewFactory, UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

PASSWORD = "correct horse battery"  # the factories' password
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
Kind = AccessEvent.Kind


def kinds():
    return list(AccessEvent.objects.order_by("pk").values_list("kind", flat=True))


def sign_in(username, password=PASSWORD, address="203.0.113.5"):
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT="Mozilla/5.0 Firefox/140.0")
    answer = client.post("/en/accounts/login/", {"username": username, "password": password})
    return client, answer


def give_second_factor(client, user):
    """Set up the app and give its code: the session is verified."""
    client.get("/en/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=user)
    client.post("/en/accounts/two-factor/setup/", {"token": f"{totp(device.bin_key):06d}"})


def test_sign_ins_failures_lockouts_and_sign_outs_with_where_from(settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="wanjiru", focal_point=True)
    client, _answer = sign_in("wanjiru")
    client.post("/en/accounts/logout/")
    sign_in("wanjiru", "not-the-password", address="198.51.100.7")
    sign_in("wanjiru", "still-not", address="198.51.100.7")
    # django-axes reports the lockout while it counts the failure that causes it.
    assert kinds() == [Kind.SIGN_IN, Kind.SIGN_OUT, Kind.SIGN_IN_FAILED, Kind.LOCKED_OUT, Kind.SIGN_IN_FAILED]
    first, failed = AccessEvent.objects.order_by("pk")[0], AccessEvent.objects.order_by("pk")[2]
    assert first.actor.username == "wanjiru" and first.ip_address == "203.0.113.5"
    assert first.user_agent == "Mozilla/5.0 Firefox/140.0" and first.path == "/en/accounts/login/"
    assert failed.actor is None and failed.actor_name == "wanjiru" and failed.ip_address == "198.51.100.7"
    assert "not-the-password" not in str(list(AccessEvent.objects.values()))


def test_second_factor_changes_are_logged(settings):
    settings.TWO_FACTOR_EXEMPT = False
    sofia = UserFactory(username="sofia", secretariat=True)
    client, _answer = sign_in("sofia")
    give_second_factor(client, sofia)
    client.post("/en/accounts/two-factor/recovery-codes/")
    other, _answer = sign_in("sofia")
    other.post("/en/accounts/two-factor/verify/", {"token": "123"})
    from accounts.two_factor import reset

    reset(actor=UserFactory(secretariat=True), user=sofia)
    logged = [k for k in kinds() if k not in (Kind.SIGN_IN, Kind.SIGN_OUT)]
    assert logged == [
        Kind.TWO_FACTOR_SET_UP,
        Kind.RECOVERY_CODES_RENEWED,
        Kind.TWO_FACTOR_FAILED,
        Kind.TWO_FACTOR_RESET,
    ]
    assert AccessEvent.objects.get(kind=Kind.TWO_FACTOR_RESET).subject == sofia


def test_a_change_of_role_or_state_and_api_tokens_are_logged_with_who_did_it():
    pierre = UserFactory(username="pierre", expert=True)
    staff = UserFactory(username="sofia", secretariat=True)
    pierre.state = state("COL")
    pierre.save()
    change = AccessEvent.objects.get(kind=Kind.RIGHTS_CHANGED)
    assert change.subject == pierre and re.search(r"state: \d+ → \d+", change.what)
    token, _secret = api_token_create(user=pierre, actor=staff, name="tracker", days=30)
    api_token_revoke(token=token, actor=pierre)
    created, revoked = AccessEvent.objects.filter(kind__in=[Kind.TOKEN_CREATED, Kind.TOKEN_REVOKED]).order_by("pk")
    assert (created.actor, created.subject, revoked.actor) == (staff, pierre, pierre)
    assert token.prefix in created.what and "tracker" in created.what


@pytest.fixture
def confidential():
    """Kenya's checklist attachment, and a Limited document concerning Kenya with a file."""
    review = CountryReviewFactory()
    focal = UserFactory(username="wanjiru", focal_point=True)
    answer = checklist_open(review=review).answers.get(article__number=5)
    attachment = attachment_add(
        answer=answer, actor=focal, upload=SimpleUploadedFile("Act 2003.pdf", PDF, content_type="application/pdf")
    )
    staff = UserFactory(username="sofia", secretariat=True)
    limited = document_register(
        actor=staff,
        symbol="CAC/COSP/IRG/2020/L.9",
        title="Limited report",
        distribution=Distribution.LIMITED,
        concerned_states=[state("KEN")],
    )
    document_file_attach(
        document=limited,
        language="en",
        upload=SimpleUploadedFile("limited.pdf", PDF, content_type="application/pdf"),
        actor=staff,
    )
    document_issue(document=limited, actor=staff)
    return {
        f"/en/reviews/{review.pk}/checklist/attachments/{attachment.pk}/": "Act 2003.pdf",
        "/en/registry/CAC/COSP/IRG/2020/L.9/file/en": "limited.pdf",
    }


def test_every_confidential_download_needs_a_verified_person_who_may_read_it(settings, confidential):
    """The crawl: anonymous, signed in without the second factor, verified but not concerned,
    verified and concerned. Only the last gets the file, and the log says so."""
    settings.TWO_FACTOR_EXEMPT = False
    wanjiru = UserFactory._meta.model.objects.get(username="wanjiru")
    UserFactory(username="camila", focal_point=True, state=state("COL"))
    camila = UserFactory._meta.model.objects.get(username="camila")
    unverified, _answer = sign_in("wanjiru")
    other_state, _answer = sign_in("camila")
    give_second_factor(other_state, camila)
    kenya, _answer = sign_in("wanjiru")
    give_second_factor(kenya, wanjiru)
    for url, filename in confidential.items():
        anonymous = Client().get(url)
        assert anonymous.status_code in (302, 404) and filename not in anonymous.get("Content-Disposition", "")
        owed = unverified.get(url)
        assert owed.status_code == 302 and "/two-factor/" in owed["Location"], url
        assert other_state.get(url).status_code == 404, url
        allowed = kenya.get(url)
        assert allowed.status_code == 200 and filename in allowed["Content-Disposition"], url
    downloads = AccessEvent.objects.filter(kind=Kind.DOWNLOAD).order_by("pk")
    assert [entry.actor for entry in downloads] == [wanjiru, wanjiru]
    assert "Act 2003.pdf" in downloads[0].what and "CAC/COSP/IRG/2020/L.9" in downloads[1].what


def test_the_log_is_append_only_and_kept_for_its_period(settings):
    settings.ACCESS_LOG_DAYS = 30
    entry = record(Kind.SIGN_IN_FAILED, actor_name="someone")
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.update(what="rewritten")
    old = record(Kind.SIGN_IN_FAILED, actor_name="long ago")
    AccessEvent.objects.filter(pk=old.pk)._raw_delete(AccessEvent.objects.db)  # (as it was, 31 days ago:)
    AccessEvent.objects.bulk_create(
        [AccessEvent(kind=Kind.SIGN_IN_FAILED, actor_name="long ago", at=timezone.now() - datetime.timedelta(days=31))]
    )
    assert purge() == 1 and list(AccessEvent.objects.values_list("actor_name", flat=True)) == ["someone"]


def test_the_secretariat_filters_and_exports_the_log_as_csv():
    staff = UserFactory(username="sofia", secretariat=True, is_staff=True)
    record(Kind.SIGN_IN_FAILED, actor_name="intruder")
    record(Kind.DOWNLOAD, actor=staff, what="KEN: checklist attachment")
    client = Client()
    client.force_login(staff)
    listing = client.get("/en/admin/accounts/accessevent/?kind__exact=download")
    assert listing.status_code == 200 and "KEN: checklist attachment" in listing.content.decode()
    assert "Export as CSV" in listing.content.decode()
    export = client.get("/en/admin/accounts/accessevent/export.csv?kind__exact=download")
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert export["Content-Type"].startswith("text/csv") and len(rows) == 2
    assert "download" in rows[1] and "intruder" not in "".join(rows)
    assert client.get("/en/admin/accounts/accessevent/add/").status_code == 403
    expert = Client()
    expert.force_login(UserFactory(expert=True, is_staff=True))
    assert expert.get("/en/admin/accounts/accessevent/export.csv").status_code in (302, 403)


def test_a_change_made_while_answering_a_request_names_who_made_it(rf):
    """The secretariat changes a person's role on a page (the admin): the request being answered
    (kept by simple_history's middleware for the thread) names the actor."""
    from simple_history.models import HistoricalRecords

    staff = UserFactory(username="sofia", secretariat=True)
    observer = UserFactory(username="anna", state=state("AUT"))
    request = rf.post("/en/admin/accounts/user/1/change/", REMOTE_ADDR="192.0.2.10")
    request.user = staff
    HistoricalRecords.context.request = request
    try:
        observer.role = "expert"
        observer.save()
    finally:
        del HistoricalRecords.context.request
    entry = AccessEvent.objects.get(kind=Kind.RIGHTS_CHANGED)
    assert (entry.actor, entry.subject, entry.ip_address) == (staff, observer, "192.0.2.10")
    assert entry.what == "role: observer → expert"
