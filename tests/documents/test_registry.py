"""The registry of issued documents: symbols, numbering (also under concurrency, on PostgreSQL),
revision chains, per-language files and who sees what."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from documents.models import Distribution, Document, DocumentFile, Sequence
from documents.selectors import document_list, document_page, file_for_download
from documents.services.registry import (
    document_file_attach,
    document_file_remove,
    document_issue,
    document_register,
    document_update,
    sequence_next,
    symbol_suggest,
)
from reference.models import Body
from tests.concurrency import race
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


def register(staff, symbol="CAC/COSP/IRG/2020/3", **kwargs):
    values = {"title": {"en": "Implementation of chapter II", "fr": "Application du chapitre II"}}
    return document_register(actor=staff, symbol=symbol, **{**values, **kwargs})


def upload(data=PDF, name="report.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_symbol_is_registered_with_its_parts(staff):
    document = register(staff, body=Body.objects.get(code="irg"))
    assert (document.series, document.year, document.kind, document.number) == ("CAC/COSP/IRG", 2020, "", 3)
    assert document.relation == Document.Relation.ORIGINAL and document.status == Document.Status.DRAFT
    crp = register(staff, symbol="CAC/COSP/IRG/2020/CRP.14")
    assert (crp.kind, crp.number) == ("CRP", 14)


def test_a_malformed_symbol_is_refused_with_what_is_wrong(staff):
    with pytest.raises(ValidationError) as caught:
        register(staff, symbol="CAC/COSP/IRG/20/3")
    assert "four digits" in caught.value.message_dict["symbol"][0]
    assert not Document.objects.exists()


def test_a_duplicate_symbol_is_refused(staff):
    register(staff)
    with pytest.raises(ValidationError) as caught:
        register(staff)
    assert caught.value.message_dict["symbol"] == ["The symbol CAC/COSP/IRG/2020/3 is already registered."]


def test_the_next_free_number_is_suggested_and_taken_when_registered(staff):
    assert symbol_suggest(prefix="CAC/COSP/IRG", year=2026) == "CAC/COSP/IRG/2026/1"
    register(staff, symbol="CAC/COSP/IRG/2026/4")
    assert symbol_suggest(prefix="CAC/COSP/IRG", year=2026) == "CAC/COSP/IRG/2026/5"
    assert symbol_suggest(prefix="CAC/COSP/IRG", year=2026, kind="CRP") == "CAC/COSP/IRG/2026/CRP.1"
    numbered = document_register(actor=staff, prefix="CAC/COSP/IRG", year=2026, title="Progress report")
    assert numbered.symbol == "CAC/COSP/IRG/2026/5"
    # A revision does not take a number of the series.
    register(staff, symbol="CAC/COSP/IRG/2026/5/Rev.1")
    assert symbol_suggest(prefix="CAC/COSP/IRG", year=2026) == "CAC/COSP/IRG/2026/6"


def test_numbering_needs_a_valid_series(staff):
    with pytest.raises(ValidationError) as caught:
        document_register(actor=staff, prefix="cac/cosp", year=2026, title="x")
    assert "capital letters" in caught.value.message_dict["symbol"][0]


def test_a_revision_supersedes_the_original_and_the_page_says_so_on_both(staff):
    original = register(staff)
    rev1 = register(staff, symbol="CAC/COSP/IRG/2020/3/Rev.1")
    rev2 = register(staff, symbol="CAC/COSP/IRG/2020/3/Rev.2")
    addendum = register(staff, symbol="CAC/COSP/IRG/2020/3/Add.1")
    assert rev1.parent == original and rev1.relation == Document.Relation.REVISION
    assert addendum.parent == original and addendum.relation == Document.Relation.ADDENDUM
    page = document_page(staff, original.symbol)
    assert page.superseded_by == rev2 and page.children == [addendum]
    page = document_page(staff, rev1.symbol)
    assert page.superseded_by == rev2 and page.supersedes == [original]
    page = document_page(staff, rev2.symbol)
    assert page.superseded_by is None and page.supersedes == [rev1, original]


def test_drafts_and_limited_documents_are_for_the_secretariat(staff, client):
    public = register(staff)
    document_issue(document=public, actor=staff, on=datetime.date(2020, 6, 1))
    limited = register(staff, symbol="CAC/COSP/IRG/2020/L.1", distribution=Distribution.LIMITED)
    document_issue(document=limited, actor=staff)
    draft = register(staff, symbol="CAC/COSP/IRG/2020/4")
    focal = UserFactory(focal_point=True)
    for reader in (focal, UserFactory.build(username="anonymous-reader", is_active=False)):
        assert [d.symbol for d in document_list(reader)] == [public.symbol]
        for hidden in (limited, draft):
            with pytest.raises(Document.DoesNotExist):
                document_page(reader, hidden.symbol)
    assert {d.symbol for d in document_list(staff)} == {public.symbol, limited.symbol, draft.symbol}


def test_files_per_language_or_not_issued_in_that_language(staff):
    document = register(staff)
    made = document_file_attach(document=document, language="fr", upload=upload(), actor=staff)
    assert made.kind == "pdf" and made.name == "report.pdf" and made.size == len(PDF)
    languages = {entry.language: entry for entry in document_page(staff, document.symbol).languages}
    assert languages["fr"].file == made and languages["fr"].url.endswith("/file/fr")
    assert languages["en"].file is None and languages["en"].url == ""
    # A new file for French replaces the old one.
    again = document_file_attach(document=document, language="fr", upload=upload(name="v2.pdf"), actor=staff)
    assert list(DocumentFile.objects.filter(document=document)) == [again]
    assert file_for_download(staff, document.symbol, "fr") == again
    assert file_for_download(UserFactory(focal_point=True), document.symbol, "fr") is None  # still a draft


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"MZ\x90\x00 executable", "report.pdf"), (b"<html>", "report.html"), (b"", "empty.pdf")],
)
def test_a_file_of_the_wrong_type_is_refused_and_the_existing_one_kept(staff, data, name):
    document = register(staff)
    kept = document_file_attach(document=document, language="en", upload=upload(), actor=staff)
    with pytest.raises(ValidationError) as caught:
        document_file_attach(document=document, language="en", upload=upload(data, name), actor=staff)
    assert "file" in caught.value.message_dict
    assert list(document.files.all()) == [kept]


def test_an_issued_document_keeps_its_files(staff):
    document = register(staff)
    made = document_file_attach(document=document, language="en", upload=upload(), actor=staff)
    document_issue(document=document, actor=staff)
    with pytest.raises(ValidationError):
        document_file_remove(document_file=made, actor=staff)
    with pytest.raises(ValidationError):
        document_issue(document=document, actor=staff)


def test_issuing_in_the_future_is_refused(staff):
    document = register(staff)
    with pytest.raises(ValidationError):
        document_issue(document=document, actor=staff, on=datetime.date.today() + datetime.timedelta(days=3))
    document.refresh_from_db()
    assert document.status == Document.Status.DRAFT


def test_the_title_is_needed_in_the_original_language(staff):
    with pytest.raises(ValidationError) as caught:
        register(staff, title={"fr": "Seulement en français"})
    assert "original language" in caught.value.message_dict["title"][0]
    document = register(staff, title={"fr": "Titre"}, original_language="fr")
    document_update(document=document, actor=staff, title={"fr": "Titre", "en": "Title"})
    document.refresh_from_db()
    assert (document.title_fr, document.title_en) == ("Titre", "Title")


def test_only_the_secretariat_keeps_the_registry(reference_data):
    with pytest.raises(PermissionDenied):
        register(UserFactory(focal_point=True))
    with pytest.raises(PermissionDenied):
        symbol = "CAC/COSP/IRG/2020/3"
        document = register(UserFactory(secretariat=True), symbol=symbol)
        document_file_attach(document=document, language="en", upload=upload(), actor=UserFactory(expert=True))


def test_a_sequence_counts_up_and_can_jump(db):
    with transaction.atomic():
        assert [sequence_next("cu:2026"), sequence_next("cu:2026"), sequence_next("cu:2026", at_least=10)] == [1, 2, 10]
    assert Sequence.objects.get(key="cu:2026").last == 10


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_staff_numbering_at_once_never_get_the_same_symbol(postgresql, reference_data):
    staff = UserFactory(secretariat=True)
    results, errors = race(
        lambda: document_register(actor=staff, prefix="CAC/COSP/IRG", year=2026, title="Note"), count=4
    )
    assert not errors, errors
    assert sorted(d.symbol for d in results) == [f"CAC/COSP/IRG/2026/{n}" for n in (1, 2, 3, 4)]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_staff_registering_the_same_symbol_at_once_get_one_document(postgresql, reference_data):
    staff = UserFactory(secretariat=True)
    results, errors = race(lambda: register(staff, symbol="CAC/COSP/IRG/2026/9"))
    assert len(results) == 1 and len(errors) == 1
    assert errors[0].message_dict["symbol"] == ["The symbol CAC/COSP/IRG/2026/9 is already registered."]


def test_sniffing_does_not_move_the_read_position(staff):
    stream = io.BytesIO(PDF)
    stream.name = "x.pdf"
    stream.size = len(PDF)
    document = register(staff)
    made = document_file_attach(document=document, language="es", upload=upload(stream.getvalue()), actor=staff)
    with made.file.open("rb") as handle:
        assert handle.read() == PDF


def test_an_uploaded_file_is_always_a_download(staff, client):
    """Never shown as a page of the site (issue 18): an attachment, with nosniff."""
    document = register(staff)
    document_file_attach(document=document, language="fr", upload=upload(), actor=staff)
    document_issue(document=document, actor=staff, on=datetime.date(2020, 6, 1))
    response = client.get(f"/en/registry/{document.symbol}/file/fr")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and 'filename="report.pdf"' in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
