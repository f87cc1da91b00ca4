"""The secretariat prepares a session in a real browser: it adds the session, registers and
issues a document under its symbol in English and French and lists it under an agenda item,
writes and sends the note verbale; then a visitor, signed in as nobody, finds the session in
French and downloads the French file."""

from unittest import mock

import pytest
from playwright.sync_api import expect

from documents.models import Document
from reference.models import Instrument
from sessions.models import NoteVerbale, Session
from tests.browser.conftest import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("browser_ready", "reference_data")]

ENGLISH_PDF = b"%PDF-1.4\n% provisional agenda (English)\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FRENCH_PDF = b"%PDF-1.4\n% ordre du jour provisoire (French)\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(page, language, data, name):
    page.select_option("#id_language", language)
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": "application/pdf", "buffer": data}])
    page.get_by_role("button", name="Save the file").click()
    expect(page.get_by_text("The file is saved.")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_staff_prepare_a_session_and_a_visitor_downloads_the_french_file(page, browser, live_server):
    UserFactory(username="amina", first_name="Amina", last_name="Diallo", secretariat=True)
    base = live_server.url
    sign_in(page, base, "amina")

    # 1. The session: its title is made from the data, never typed.
    page.goto(f"{base}/en/sessions/")
    page.get_by_role("link", name="Add a session or a part").click()
    page.select_option("#id_body", label="COP")
    page.fill("#id_number", "9")
    page.select_option("#id_part", "regular")
    page.fill("#id_starts_on", "2018-10-15")
    page.fill("#id_ends_on", "2018-10-19")
    page.fill("#id_city_en", "Vienna")
    page.fill("#id_city_fr", "Vienne")
    page.fill("#id_venue_en", "Vienna International Centre")
    page.fill("#id_venue_fr", "Centre international de Vienne")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ninth session of the Conference of the Parties to the United Nations Convention against "
        "Transnational Organized Crime"
    )
    session = Session.objects.get(body__code="cop", number=9)

    # 2. An agenda item.
    page.fill("#id_number", "1")
    page.fill("#id_title", "Organizational matters")
    page.get_by_role("button", name="Add the item").click()
    expect(page.locator(".agenda-item")).to_contain_text("Organizational matters")

    # 3. The provisional agenda, registered under its symbol, in English and French, issued.
    page.goto(f"{base}/en/registry/")
    page.fill("#id_symbol", "CTOC/COP/2018/1")
    page.fill("#id_title", "Provisional agenda and annotations")
    page.get_by_role("button", name="Register as a draft").click()
    expect(page.get_by_text("CTOC/COP/2018/1 is registered as a draft.")).to_be_visible()
    upload(page, "en", ENGLISH_PDF, "agenda-en.pdf")
    upload(page, "fr", FRENCH_PDF, "ordre-du-jour.pdf")
    page.get_by_role("button", name="Issue", exact=True).click()
    expect(page.get_by_text("CTOC/COP/2018/1 is issued.")).to_be_visible()
    assert Document.objects.get(symbol="CTOC/COP/2018/1").status == Document.Status.ISSUED

    # 4. Listed under item 1 of the session.
    page.goto(f"{base}/en/sessions/{session.pk}/")
    page.get_by_text("List a document under this item").click()
    page.get_by_label("Symbol of a registered document").fill("CTOC/COP/2018/1")
    page.get_by_role("button", name="List it").click()
    expect(page.get_by_text("CTOC/COP/2018/1 is listed under item 1.")).to_be_visible()

    # 5. The note verbale announcing the session, sent; the workers make its six PDFs.
    page.goto(f"{base}/en/notes-verbales/")
    page.select_option("#id_template", label="Notification of a session")
    page.select_option("#id_session", str(session.pk))
    page.fill("#id_dated_on", "2018-05-24")
    page.select_option("#id_addressees", "parties")
    page.select_option("#id_instrument", str(Instrument.objects.get(code="untoc").pk))
    page.get_by_role("button", name="Create the note").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("CU 2018/1")
    expect(page.locator(".note-text")).to_contain_text("will be held in Vienna")
    with mock.patch("documents.tasks.render_document.delay"):  # the worker's part is tested elsewhere
        page.get_by_role("button", name="Send the note verbale").click()
        expect(page.get_by_text("Note verbale CU 2018/1 is sent; its PDFs are being made.")).to_be_visible()
    expect(page.locator("section.renditions tbody tr[data-variant=final]")).to_have_count(6)
    assert NoteVerbale.objects.get().status == NoteVerbale.Status.SENT

    # 6. A visitor reads the session in French and downloads the French file.
    visitor = browser.new_context(accept_downloads=True)
    public = visitor.new_page()
    public.goto(f"{base}/fr/sessions/")
    public.get_by_role("link", name="Neuvième session de la Conférence des Parties", exact=False).click()
    expect(public.get_by_role("heading", level=1)).to_contain_text("Neuvième session")
    expect(public.locator("main")).to_contain_text("Vienne")
    public.get_by_role("link", name="CTOC/COP/2018/1").click()
    french = public.locator(".language-files li", has=public.locator("span[lang=fr]"))
    with public.expect_download() as download_info:
        french.get_by_role("link").click()
    download = download_info.value
    with open(download.path(), "rb") as handle:
        assert handle.read() == FRENCH_PDF
    arabic = public.locator(".language-files li", has=public.locator("span[lang=ar]"))
    expect(arabic).to_contain_text("Non publié dans cette langue")
    visitor.close()
