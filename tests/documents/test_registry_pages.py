"""The registry's pages: who sees what (an access matrix on every page and download), the
secretariat's actions with bad input, and bounded queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Distribution, Document
from documents.services.registry import document_file_attach, document_issue, document_register
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def documents(staff):
    """An issued public document with a French file, a Limited one and a draft."""

    def make(symbol, distribution=Distribution.GENERAL, issue=True):
        document = document_register(
            actor=staff, symbol=symbol, title={"en": f"Title of {symbol}"}, distribution=distribution
        )
        document_file_attach(document=document, language="fr", upload=SimpleUploadedFile("f.pdf", PDF), actor=staff)
        if issue:
            document_issue(document=document, actor=staff)
        return document

    return {
        "public": make("CAC/COSP/IRG/2020/3"),
        "limited": make("CAC/COSP/IRG/2020/L.1", Distribution.LIMITED),
        "draft": make("CAC/COSP/IRG/2020/4", issue=False),
    }


READERS = {
    "anonymous": lambda: None,
    "focal": lambda: UserFactory(focal_point=True),
    "expert": lambda: UserFactory(expert=True),
    "staff": lambda: UserFactory(secretariat=True),
}


@pytest.mark.parametrize("reader", READERS)
def test_who_sees_which_document_and_file(client, documents, reader):
    user = READERS[reader]()
    if user:
        client.force_login(user)
    for name, document in documents.items():
        visible = name == "public" or reader == "staff"
        page = client.get(reverse("documents:document", args=[document.symbol]))
        assert page.status_code == (200 if visible else 404), (name, reader)
        download = client.get(reverse("documents:file", args=[document.symbol, "fr"]))
        assert download.status_code == (200 if visible else 404), (name, reader)
        if visible:
            assert b"".join(download.streaming_content) == PDF
            assert download["ETag"]
            assert ("public" in download["Cache-Control"]) == (name == "public")
        listed = client.get(reverse("documents:registry"))
        assert (document.symbol in listed.content.decode()) == visible
    # A language without a file is "not issued in this language", and its address is a 404.
    assert client.get(reverse("documents:file", args=[documents["public"].symbol, "ar"])).status_code == 404


def test_the_page_says_which_languages_exist(client, documents):
    page = client.get(reverse("documents:document", args=[documents["public"].symbol])).content.decode()
    assert page.count("Not issued in this language") == 5
    assert reverse("documents:file", args=[documents["public"].symbol, "fr"]) in page


def test_a_revision_is_announced_on_both_pages(client, staff, documents):
    revision = document_register(actor=staff, symbol="CAC/COSP/IRG/2020/3/Rev.1", title="Revised")
    document_issue(document=revision, actor=staff)
    original_page = client.get(reverse("documents:document", args=[documents["public"].symbol])).content.decode()
    assert "Superseded by" in original_page and revision.symbol in original_page
    revision_page = client.get(reverse("documents:document", args=[revision.symbol])).content.decode()
    assert "This revision supersedes" in revision_page


def test_staff_register_with_the_next_number_and_then_a_bad_symbol(client, staff):
    client.force_login(staff)
    url = reverse("documents:registry")
    response = client.post(
        url,
        {
            "body": "",
            "year": 2026,
            "kind": "",
            "symbol": "CAC/COSP/IRG/2026/Rev.1",
            "title": "x",
            "original_language": "en",
            "distribution": "general",
        },
    )
    assert response.status_code == 422 and not Document.objects.exists()
    from reference.models import Body

    irg = Body.objects.get(code="irg")
    response = client.post(
        url,
        {
            "body": irg.pk,
            "year": 2026,
            "kind": "CRP",
            "symbol": "",
            "title": "Country pairings",
            "original_language": "en",
            "distribution": "general",
        },
    )
    document = Document.objects.get()
    assert document.symbol == "CAC/COSP/IRG/2026/CRP.1"
    assert response.status_code == 302 and response["Location"].endswith("/registry/CAC/COSP/IRG/2026/CRP.1/")


def test_a_wrong_file_is_refused_on_the_page_and_nothing_is_lost(client, staff, documents):
    client.force_login(staff)
    draft = documents["draft"]
    response = client.post(
        reverse("documents:file_upload", args=[draft.pk]),
        {"language": "fr", "file": SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>")},
    )
    assert response.status_code == 422
    assert "neither" in response.content.decode()
    assert draft.files.get(language="fr").size == len(PDF)


@pytest.mark.parametrize("reader", ["anonymous", "focal", "expert"])
def test_only_staff_act_on_the_registry(client, documents, reader):
    user = READERS[reader]()
    if user:
        client.force_login(user)
    draft = documents["draft"]
    for url in (reverse("documents:issue", args=[draft.pk]), reverse("documents:file_upload", args=[draft.pk])):
        assert client.post(url, {"language": "en"}).status_code in (302, 404)
    assert client.post(reverse("documents:registry"), {"symbol": "CAC/COSP/IRG/2026/1"}).status_code in (302, 404)
    draft.refresh_from_db()
    assert draft.status == Document.Status.DRAFT and not Document.objects.filter(symbol="CAC/COSP/IRG/2026/1").exists()


def test_staff_issue_a_draft(client, staff, documents):
    client.force_login(staff)
    draft = documents["draft"]
    client.post(reverse("documents:issue", args=[draft.pk]), {"on": ""})
    draft.refresh_from_db()
    assert draft.status == Document.Status.ISSUED


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_the_same_whatever_the_number_of_documents(client, staff, count, django_assert_max_num_queries):
    for number in range(1, count + 1):
        document_issue(
            document=document_register(actor=staff, symbol=f"CAC/COSP/IRG/2021/{number}", title="t"), actor=staff
        )
    with django_assert_max_num_queries(4):
        assert client.get(reverse("documents:registry")).status_code == 200
    client.force_login(staff)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("documents:registry")).status_code == 200


def test_a_limited_document_is_shared_with_the_states_it_concerns(client, staff):
    from tests.factories import state

    document = document_register(
        actor=staff,
        symbol="CAC/COSP/IRG/2021/L.2",
        title="Draft conclusions concerning Kenya",
        distribution=Distribution.LIMITED,
        concerned_states=[state("KEN")],
    )
    document_file_attach(document=document, language="en", upload=SimpleUploadedFile("l.pdf", PDF), actor=staff)
    page_url = reverse("documents:document", args=[document.symbol])
    file_url = reverse("documents:file", args=[document.symbol, "en"])
    kenya = UserFactory(focal_point=True)  # of Kenya
    uganda = UserFactory(focal_point=True, state=state("UGA"))
    client.force_login(kenya)
    assert client.get(page_url).status_code == 404  # not before it is issued
    document_issue(document=document, actor=staff)
    assert client.get(page_url).status_code == 200
    download = client.get(file_url)
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    for other in (uganda, None):
        client.logout()
        if other:
            client.force_login(other)
        assert client.get(page_url).status_code == 404 and client.get(file_url).status_code == 404
        assert document.symbol not in client.get(reverse("documents:registry")).content.decode()
