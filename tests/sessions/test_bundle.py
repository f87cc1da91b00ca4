"""A session's documents in one PDF per language: what goes in (public documents only, a
missing language falling back visibly), the contents with the page each document starts on,
the pages numbered through, bookmarks; made again when a document changes, not otherwise; and
who may download it."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from documents.models import Distribution, Rendition
from documents.services.registry import document_file_attach, document_issue, document_register, document_update
from reference.models import Body
from sessions.bundle import bundle_sections
from sessions.models import Session
from sessions.services import (
    agenda_document_add,
    agenda_document_remove,
    agenda_item_save,
    session_save,
    session_set_provisional_agenda,
)
from tests.factories import UserFactory, state
from tests.pdftools import needs_poppler, pdf_layout, pdf_text
from tests.reviews.test_attachments import make_docx

pytestmark = pytest.mark.usefixtures("reference_data")

D = datetime.date


def make_pdf(text: str, pages: int) -> bytes:
    """A PDF of ``pages`` pages, each saying which document and page it is."""
    from reviewmech import pdf

    html = "".join(f"<p style='break-after: page'>{text} p{n}</p>" for n in range(1, pages + 1))
    return pdf.render_pdf(f"<html><body>{html}</body></html>").data


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


def register(staff, symbol, title, files, *, issue=True, distribution=Distribution.GENERAL):
    document = document_register(actor=staff, symbol=symbol, title=title, distribution=distribution)
    for language, data in files.items():
        name = "file.docx" if data.startswith(b"PK") else "file.pdf"
        document_file_attach(document=document, language=language, upload=SimpleUploadedFile(name, data), actor=staff)
    if issue:
        document_issue(document=document, actor=staff, on=D(2011, 4, 1))
    return document


@pytest.fixture
def irg2(staff):
    """Seed 000: the second session of the IRG, its provisional agenda in English and French,
    a report under item 2 in English only, a Word-only document, a draft and a Limited one."""
    session = session_save(
        actor=staff,
        body=Body.objects.get(code="irg"),
        number=2,
        part=Session.Part.REGULAR,
        starts_on=D(2011, 5, 30),
        ends_on=D(2011, 6, 3),
        city={"en": "Vienna", "fr": "Vienne"},
        country=state("AUT"),
    )
    agenda = register(
        staff,
        "CAC/COSP/IRG/2011/1",
        {"en": "Provisional agenda and annotations", "fr": "Ordre du jour provisoire et annotations"},
        {"en": make_pdf("AGENDA-EN", 2), "fr": make_pdf("AGENDA-FR", 2)},
    )
    session_set_provisional_agenda(actor=staff, session=session, document=agenda)
    titles = {"en": "Review of implementation", "fr": "Examen de l'application"}
    item = agenda_item_save(actor=staff, session=session, number=2, title=titles)
    report = register(
        staff, "CAC/COSP/IRG/2011/2", "Progress in the review mechanism", {"en": make_pdf("REPORT-EN", 3)}
    )
    word = register(staff, "CAC/COSP/IRG/2011/CRP.1", "Country review reports", {"en": make_docx()})
    draft = register(staff, "CAC/COSP/IRG/2011/3", "Draft", {"en": make_pdf("DRAFT-EN", 1)}, issue=False)
    limited = register(
        staff,
        "CAC/COSP/IRG/2011/L.1",
        "Draft report",
        {"en": make_pdf("LIMITED-EN", 1)},
        distribution=Distribution.LIMITED,
    )
    for document in (report, word, draft, limited, agenda):
        agenda_document_add(actor=staff, item=item, document=document)
    return session


def bundle_file(session, language) -> tuple[Rendition, bytes]:
    rendition = Rendition.objects.for_document(session).get(language=language, variant="final")
    assert rendition.status == Rendition.Status.DONE, rendition.error
    with rendition.file.open("rb") as handle:
        return rendition, handle.read()


def test_only_public_documents_go_in_and_a_missing_language_falls_back(irg2):
    sections = bundle_sections(irg2, "fr")
    assert [s.item.label if s.item else None for s in sections] == [None, "2"]
    entries = {e.document.symbol: e for s in sections for e in s.entries}
    # The draft and the Limited document are not public: not in the bundle.
    assert set(entries) == {"CAC/COSP/IRG/2011/1", "CAC/COSP/IRG/2011/2", "CAC/COSP/IRG/2011/CRP.1"}
    assert entries["CAC/COSP/IRG/2011/1"].file_language == "fr"
    assert entries["CAC/COSP/IRG/2011/2"].file_language == "en"  # English only, and marked so
    assert entries["CAC/COSP/IRG/2011/CRP.1"].missing == "not-pdf"
    # The provisional agenda also listed under item 2 goes in once.
    assert [e.repeated for e in sections[1].entries if e.document.symbol == "CAC/COSP/IRG/2011/1"] == [True]


@needs_poppler
def test_the_bundle_has_contents_numbered_pages_and_bookmarks(irg2, tmp_path, django_capture_on_commit_callbacks):
    from sessions.bundle import bundle_request

    with django_capture_on_commit_callbacks(execute=True):
        bundle_request(irg2)
    rendition, data = bundle_file(irg2, "fr")
    reader = PdfReader(io.BytesIO(data))
    # Cover and contents (2 pages), the agenda (2) and the report (3): 7 pages.
    assert rendition.pages == len(reader.pages) == 7
    path = tmp_path / "fr.pdf"
    path.write_bytes(data)
    text = pdf_text(path)
    contents = text.split("AGENDA-FR p1")[0]
    assert "Deuxième session du Groupe d’examen de l’application" in text or "deuxième session" in text.lower()
    assert "Documents de la session" in contents
    assert "CAC/COSP/IRG/2011/1" in contents and "Ordre du jour provisoire et annotations" in contents
    # The English-only report is included, marked as such; the Word file is listed, not included.
    assert "Non publié dans cette langue. Version incluse : Anglais." in " ".join(contents.split())
    assert "fichier Word" in contents
    assert "CAC/COSP/IRG/2011/3" not in text and "CAC/COSP/IRG/2011/L.1" not in text
    pages = [page.extract_text() for page in reader.pages]
    # The contents give the page each document starts on, and the stamp at the foot of every
    # page is the bundle's page number.
    rows = {line.split()[0]: line.split()[-1] for line in pdf_layout(path, page=2).splitlines() if "CAC/" in line}
    assert rows == {"CAC/COSP/IRG/2011/1": "3", "CAC/COSP/IRG/2011/2": "5", "CAC/COSP/IRG/2011/CRP.1": "—"}
    assert "AGENDA-FR p1" in pages[2] and "REPORT-EN p1" in pages[4] and "REPORT-EN p3" in pages[6]
    for number, page in enumerate(pages, start=1):
        assert page.split()[-1] == str(number), page
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        "Ordre du jour provisoire",
        "Point 2. Examen de l'application",
    ]


def test_made_again_when_a_document_changes_and_only_then(irg2, staff, django_capture_on_commit_callbacks):
    from sessions.bundle import bundle_request

    with django_capture_on_commit_callbacks(execute=True):
        bundle_request(irg2)
    first, _data = bundle_file(irg2, "fr")
    assert first.render_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        bundle_request(irg2)  # nothing changed: the worker renders nothing
    assert bundle_file(irg2, "fr")[0].render_count == 1
    report = irg2.agenda.get().documents.get(symbol="CAC/COSP/IRG/2011/2")
    with django_capture_on_commit_callbacks(execute=True):
        document_file_attach(
            document=report,
            language="fr",
            upload=SimpleUploadedFile("f.pdf", make_pdf("REPORT-FR", 1)),
            actor=staff,
        )
    again, data = bundle_file(irg2, "fr")
    assert again.render_count == 2 and again.pages == 5
    assert "REPORT-FR p1" in PdfReader(io.BytesIO(data)).pages[4].extract_text()
    assert bundle_file(irg2, "en")[0].render_count == 1  # the English bundle did not change
    with django_capture_on_commit_callbacks(execute=True):
        document_update(document=report, actor=staff, title={"en": "Progress", "fr": "Progrès"})
    assert bundle_file(irg2, "fr")[0].render_count == 3
    with django_capture_on_commit_callbacks(execute=True):
        agenda_document_remove(actor=staff, item=irg2.agenda.get(), document=report)
    assert bundle_file(irg2, "fr")[0].pages == 4


def test_a_file_that_cannot_be_read_is_listed_not_included(staff, django_capture_on_commit_callbacks):
    session = session_save(
        actor=staff,
        body=Body.objects.get(code="irg"),
        number=3,
        part=Session.Part.REGULAR,
        starts_on=D(2012, 6, 18),
        ends_on=D(2012, 6, 22),
        city="Vienna",
    )
    item = agenda_item_save(actor=staff, session=session, number=1, title="Organizational matters")
    broken = register(staff, "CAC/COSP/IRG/2012/1", "Provisional agenda", {"en": b"%PDF-1.4\nnot really a PDF"})
    with django_capture_on_commit_callbacks(execute=True):
        agenda_document_add(actor=staff, item=item, document=broken)
    rendition, data = bundle_file(session, "en")
    assert rendition.pages == 2  # the cover and the contents
    assert "could not be read" in PdfReader(io.BytesIO(data)).pages[1].extract_text().replace("\n", " ")


def test_a_session_without_public_documents_gets_no_bundle(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        session = session_save(
            actor=staff,
            body=Body.objects.get(code="irg"),
            number=4,
            part=Session.Part.REGULAR,
            starts_on=D(2013, 5, 27),
            ends_on=D(2013, 5, 31),
            city="Vienna",
        )
    assert not Rendition.objects.for_document(session).exists()


@pytest.mark.parametrize("reader", ["anonymous", "focal", "staff"])
def test_anyone_downloads_the_bundle_and_finds_it_on_the_session_page(
    client, irg2, reader, django_capture_on_commit_callbacks
):
    from sessions.bundle import bundle_request

    with django_capture_on_commit_callbacks(execute=True):
        bundle_request(irg2)
    if reader != "anonymous":
        client.force_login(UserFactory(**{"secretariat" if reader == "staff" else "focal_point": True}))
    page = client.get(reverse("sessions:session", args=[irg2.pk]), HTTP_ACCEPT_LANGUAGE="en")
    url = reverse("document_download", args=["session-documents", irg2.pk, "fr"])
    assert url in page.content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content if download.streaming else [download.content]).startswith(b"%PDF")
    # Only the secretariat sees the panel where the PDFs are made and retried.
    assert ("PDF documents" in page.content.decode()) == (reader == "staff")


@needs_poppler
def test_the_arabic_bundle_is_right_to_left_in_the_arabic_face(irg2, tmp_path, django_capture_on_commit_callbacks):
    from sessions.bundle import bundle_request
    from tests.pdftools import pdf_fonts

    with django_capture_on_commit_callbacks(execute=True):
        bundle_request(irg2)
    _rendition, data = bundle_file(irg2, "ar")
    path = tmp_path / "ar.pdf"
    path.write_bytes(data)
    contents = pdf_layout(path, page=2).translate(dict.fromkeys(range(0x202A, 0x202F)))
    assert "المحتويات" in contents and "البند" in contents and "جدول الأعمال المؤقت" in contents
    # The symbol stays one left-to-right unit inside the right-to-left table.
    assert "CAC/COSP/IRG/2011/CRP.1" in contents
    assert "Noto-Naskh-Arabic" in pdf_fonts(path)
