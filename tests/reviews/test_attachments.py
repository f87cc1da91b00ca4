"""Documents attached to checklist answers: recognised by content (PDF, DOCX, ODT), limited in
size, removed softly, frozen with each submitted version, and downloaded only by the people
who may read them — never from MEDIA_URL.

Kenya's UNCAC cycle-2 review, as in test_checklist.py: France's expert and an Austrian
observer take part in it; a Ugandan focal point and an unassigned expert do not.
"""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.files import clean_filename, display_filename, sniff_kind
from reviews.models import ChecklistAttachment, ChecklistSubmission
from reviews.selectors.checklist import attachment_for_download
from reviews.services.attachments import attachment_add, attachment_remove, max_bytes
from reviews.services.checklist import answer_save, checklist_open, checklist_reopen, checklist_submit
from tests.factories import CountryReviewFactory, UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

ARTICLES = [*range(5, 15), *range(52, 60)]
MANDATORY = [5, 6, 8, 9, 10, 11, 12, 13, 14, 52, 53, 54, 55, 57]
ODT_TYPE = b"application/vnd.oasis.opendocument.text"


# --- Tiny real documents -----------------------------------------------------------------------


def make_pdf(text="Anti-Corruption and Economic Crimes Act, 2003") -> bytes:
    """A minimal but well-formed one-page PDF."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def make_zip(members, *, first_stored=None) -> bytes:
    """A ZIP with ``members`` (name → bytes); ``first_stored`` written first, uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first_stored:
            name, data = first_stored
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_docx(extra=None) -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document><w:body><w:p><w:r><w:t>Act 22</w:t></w:r></w:p></w:body></w:document>",
            **(extra or {}),
        }
    )


def make_odt(mimetype=ODT_TYPE) -> bytes:
    return make_zip(
        {"content.xml": "<office:document-content/>", "META-INF/manifest.xml": "<manifest:manifest/>"},
        first_stored=("mimetype", mimetype),
    )


PDF = make_pdf()
DOCX = make_docx()
ODT = make_odt()


def upload(name, data, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Sniffing (pure function) ------------------------------------------------------------------


@pytest.mark.parametrize(("data", "kind"), [(PDF, "pdf"), (DOCX, "docx"), (ODT, "odt"), (b"%PDF-1.7\n", "pdf")])
def test_allowed_documents_are_recognised_by_content(data, kind):
    assert sniff_kind(io.BytesIO(data)) == kind


def _truncated(data):
    return data[: len(data) // 2]


def _corrupt_member(data):
    """The ODT's ``mimetype`` bytes changed after the CRC was written."""
    return data.replace(ODT_TYPE, ODT_TYPE.replace(b"text", b"texx"), 1)


BAD = {
    "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 64
    + b"This program cannot be run in DOS mode",
    "html": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    "text": "Loi n° 2003-22 relative à la corruption".encode(),
    "empty": b"",
    "plain zip": make_zip({"readme.txt": "hello"}),
    "ods": make_odt(b"application/vnd.oasis.opendocument.spreadsheet"),
    "odt template": make_odt(b"application/vnd.oasis.opendocument.text-template"),
    "odt, mimetype not first": make_zip({"content.xml": "<x/>", "mimetype": ODT_TYPE}),
    "xlsx": make_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
    "docx without document.xml": make_zip({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<x/>"}),
    "docm (macros)": make_docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
    "truncated docx": _truncated(DOCX),
    "truncated odt": _truncated(ODT),
    "corrupt odt member": _corrupt_member(ODT),
    "pdf header not at the start": b" \n%PDF-1.4\n",
}


@pytest.mark.parametrize("name", list(BAD))
def test_other_content_is_refused_whatever_its_name(name):
    assert sniff_kind(io.BytesIO(BAD[name])) is None


def test_sniffing_restores_the_read_position():
    stream = io.BytesIO(DOCX)
    stream.seek(7)
    assert sniff_kind(stream) == "docx"
    assert stream.tell() == 7


@pytest.mark.parametrize(
    ("given", "kind", "shown"),
    [
        ("Anti-Corruption Act.pdf", "pdf", "Anti-Corruption Act.pdf"),
        ("C:\\Users\\wanjiru\\Desktop\\Loi n° 2003.pdf", "pdf", "Loi n° 2003.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("قانون مكافحة الفساد.odt", "odt", "قانون مكافحة الفساد.odt"),
        ("反腐败法.DOCX", "docx", "反腐败法.DOCX"),
        ("report.docx", "pdf", "report.pdf"),  # the content decides the extension
        ("scan", "pdf", "scan.pdf"),
        ("law.v2", "odt", "law.v2.odt"),
        ("invoice\u202efdp.exe", "pdf", "invoicefdp.exe.pdf"),  # no right-to-left override trick
        ("line\nbreak\x00.pdf", "pdf", "linebreak.pdf"),
        ("   ", "pdf", "attachment.pdf"),
    ],
)
def test_file_names_are_cleaned_for_display(given, kind, shown):
    assert display_filename(given, kind) == shown


def test_long_file_names_are_cut_keeping_the_extension():
    shown = display_filename("é" * 400 + ".pdf", "pdf")
    assert len(shown) == 255 and shown.endswith(".pdf")
    assert clean_filename("a/b\\c.pdf") == "c.pdf"


def test_the_size_limit_defaults_to_20_mib(settings):
    if hasattr(settings, "CHECKLIST_ATTACHMENT_MAX_BYTES"):
        del settings.CHECKLIST_ATTACHMENT_MAX_BYTES
    assert max_bytes() == 20 * 1024 * 1024
    settings.CHECKLIST_ATTACHMENT_MAX_BYTES = 1000
    assert max_bytes() == 1000


# --- Service -----------------------------------------------------------------------------------


@pytest.fixture
def checklist(review):
    return checklist_open(review=review)


def answer(checklist, number):
    return checklist.answers.get(article__number=number)


def fill(checklist, actor, numbers):
    for number in numbers:
        a = answer(checklist, number)
        answer_save(
            answer=a,
            actor=actor,
            data={"implementation": "fully", "narrative": f"Answered ({number})"},
            revision=a.revision,
        )


def stored_files():
    try:
        directories, _files = default_storage.listdir("checklists")
    except FileNotFoundError:
        return []
    return [f"{d}/{name}" for d in directories for name in default_storage.listdir(f"checklists/{d}")[1]]


def test_a_pdf_is_stored_under_a_random_name_with_its_hash_size_and_name(checklist, focal, review):
    a5 = answer(checklist, 5)
    attachment = attachment_add(answer=a5, actor=focal, upload=upload("C:\\docs\\Loi anticorruption.pdf", PDF))

    attachment.refresh_from_db()
    assert attachment.kind == "pdf" and attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.filename == "Loi anticorruption.pdf"
    assert attachment.uploaded_by == focal and attachment.uploaded_at and attachment.removed_at is None
    assert attachment.file.name.startswith(f"checklists/{review.pk}/") and attachment.file.name.endswith(".pdf")
    assert "anticorruption" not in attachment.file.name  # nothing the person typed becomes a path
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF
    # The answer itself is not touched.
    a5.refresh_from_db()
    assert a5.revision == 0 and a5.updated_by is None
    assert attachment.history.get().history_user == focal


@pytest.mark.parametrize(("name", "data", "kind"), [("decree.docx", DOCX, "docx"), ("rapport.odt", ODT, "odt")])
def test_docx_and_odt_are_accepted(checklist, focal, name, data, kind):
    attachment = attachment_add(answer=answer(checklist, 6), actor=focal, upload=upload(name, data, "text/html"))
    assert (attachment.kind, attachment.filename) == (kind, name)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.pdf", BAD["exe"]),
        ("page.docx", BAD["html"]),
        ("archive.odt", BAD["plain zip"]),
        ("budget.odt", BAD["ods"]),
        ("budget.docx", BAD["xlsx"]),
        ("broken.docx", BAD["truncated docx"]),
    ],
)
def test_a_disguised_or_broken_file_is_refused_naming_the_file_and_the_allowed_types(checklist, focal, name, data):
    with pytest.raises(ValidationError) as caught:
        attachment_add(answer=answer(checklist, 5), actor=focal, upload=upload(name, data))
    message = caught.value.messages[0]
    assert f"“{name}”" in message and "PDF, DOCX or ODT" in message
    assert not ChecklistAttachment.objects.exists() and stored_files() == []


def test_an_oversized_file_is_refused_with_the_limit_and_nothing_is_lost(checklist, focal, settings):
    settings.CHECKLIST_ATTACHMENT_MAX_BYTES = 1024 * 1024
    a5 = answer(checklist, 5)
    answer_save(answer=a5, actor=focal, data={"implementation": "partly", "narrative": "Kept"}, revision=0)
    kept = attachment_add(answer=a5, actor=focal, upload=upload("small.pdf", PDF))
    big = PDF + b"%" + b"x" * (1024 * 1024 - len(PDF))  # one byte over the limit

    with pytest.raises(ValidationError) as caught:
        attachment_add(answer=a5, actor=focal, upload=upload("Annual report.pdf", big))

    assert caught.value.messages == ["“Annual report.pdf” is too large: files may be at most 1 MB."]
    assert list(ChecklistAttachment.objects.all()) == [kept] and len(stored_files()) == 1
    a5.refresh_from_db()
    assert (a5.narrative, a5.revision) == ("Kept", 1)
    # Exactly at the limit is fine.
    assert attachment_add(answer=a5, actor=focal, upload=upload("max.pdf", big[:-1])).size == 1024 * 1024


def test_an_empty_file_is_refused(checklist, focal):
    with pytest.raises(ValidationError) as caught:
        attachment_add(answer=answer(checklist, 5), actor=focal, upload=upload("empty.pdf", b""))
    assert "“empty.pdf” is empty." in caught.value.messages


def test_only_the_state_under_review_and_the_secretariat_attach_and_remove(checklist, focal, staff, expert, observer):
    a5 = answer(checklist, 5)
    mine = attachment_add(answer=a5, actor=focal, upload=upload("law.pdf", PDF))
    assert attachment_add(answer=a5, actor=staff, upload=upload("help.pdf", PDF)).uploaded_by == staff
    outsiders = [
        expert,
        observer,
        UserFactory(focal_point=True, state=state("UGA")),
        UserFactory(expert=True, state=state("UGA")),
        UserFactory(focal_point=True, is_active=False),
    ]
    for outsider in outsiders:
        with pytest.raises(PermissionDenied):
            attachment_add(answer=a5, actor=outsider, upload=upload("x.pdf", PDF))
        with pytest.raises(PermissionDenied):
            attachment_remove(attachment=mine, actor=outsider)
    assert ChecklistAttachment.objects.count() == 2 and ChecklistAttachment.objects.filter(removed_at=None).count() == 2


def test_nothing_is_attached_or_removed_once_submitted(checklist, focal):
    attachment = attachment_add(answer=answer(checklist, 5), actor=focal, upload=upload("law.pdf", PDF))
    fill(checklist, focal, MANDATORY)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    with pytest.raises(ValidationError) as caught:
        attachment_add(answer=answer(checklist, 5), actor=focal, upload=upload("late.pdf", PDF))
    assert "submitted" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        attachment_remove(attachment=attachment, actor=focal)
    attachment.refresh_from_db()
    assert attachment.removed_at is None and ChecklistAttachment.objects.count() == 1


def test_removal_is_soft_and_recorded(checklist, focal):
    attachment = attachment_add(answer=answer(checklist, 5), actor=focal, upload=upload("law.pdf", PDF))
    attachment_remove(attachment=attachment, actor=focal)
    attachment.refresh_from_db()
    assert attachment.removed_at is not None and attachment.removed_by == focal
    assert default_storage.exists(attachment.file.name)  # the file stays
    assert attachment.history.latest().history_change_reason == "removed"
    with pytest.raises(ValidationError):
        attachment_remove(attachment=attachment, actor=focal)


def test_a_submitted_version_lists_its_attachments_and_keeps_them_after_removal(checklist, focal, staff, expert):
    a5 = answer(checklist, 5)
    law = attachment_add(answer=a5, actor=focal, upload=upload("Act 2003.pdf", PDF))
    dropped = attachment_add(answer=a5, actor=focal, upload=upload("draft.docx", DOCX))
    attachment_remove(attachment=dropped, actor=focal)
    decree = attachment_add(answer=answer(checklist, 52), actor=focal, upload=upload("decree.odt", ODT))
    fill(checklist, focal, MANDATORY)

    v1 = checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)

    rows = {row["number"]: row for row in v1.answers}
    assert rows[5]["attachments"] == [{"id": law.pk, "filename": "Act 2003.pdf", "kind": "pdf", "size": len(PDF)}]
    assert rows[52]["attachments"] == [{"id": decree.pk, "filename": "decree.odt", "kind": "odt", "size": len(ODT)}]
    assert rows[6]["attachments"] == []
    assert {"article", "number", "narrative", "implementation", "ta_category", "revision"} <= set(rows[5])

    # Reopened, the law is removed from the draft and version 2 submitted without it.
    checklist_reopen(checklist=checklist, actor=staff, reason="Replace the Act by its 2019 text")
    attachment_remove(attachment=law, actor=focal)
    v2 = checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    assert {row["number"]: row for row in v2.answers}[5]["attachments"] == []
    v1.refresh_from_db()
    assert [a["id"] for a in {row["number"]: row for row in v1.answers}[5]["attachments"]] == [law.pk]

    review = checklist.review
    # Listed in version 1: the expert and the State still get it; the draft no longer lists it.
    assert attachment_for_download(expert, review, law.pk) == law
    assert attachment_for_download(focal, review, law.pk) == law
    assert default_storage.exists(law.file.name)
    # Never submitted: removed from the draft, nobody downloads it any more.
    assert attachment_for_download(focal, review, dropped.pk) is None
    assert attachment_for_download(staff, review, dropped.pk) is None
    assert attachment_for_download(expert, review, decree.pk) == decree


# --- Pages: access matrix ----------------------------------------------------------------------


def page_url(review):
    return reverse("reviews:checklist", args=[review.pk])


def add_url(review, a):
    return reverse("reviews:checklist_attachment_add", args=[review.pk, a.pk])


def download_url(review, attachment):
    return reverse("reviews:checklist_attachment", args=[review.pk, attachment.pk])


def remove_url(review, attachment):
    return reverse("reviews:checklist_attachment_remove", args=[review.pk, attachment.pk])


@pytest.fixture
def draft_file(checklist, focal):
    """A document on article 5 of the draft; nothing submitted."""
    return attachment_add(answer=answer(checklist, 5), actor=focal, upload=upload("Draft law.pdf", PDF))


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _cannot_write(client, review, checklist, attachment, expected):
    before = ChecklistAttachment.objects.count()
    posted = client.post(add_url(review, answer(checklist, 5)), {"file": upload("intruder.pdf", PDF)})
    removed = client.post(remove_url(review, attachment))
    assert (posted.status_code, removed.status_code) == (expected, expected)
    assert ChecklistAttachment.objects.count() == before
    attachment.refresh_from_db()
    assert attachment.removed_at is None


@pytest.mark.parametrize("who", ["focal", "staff"])
def test_the_state_and_the_secretariat_upload_download_and_remove(client, request, review, checklist, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    a5 = answer(checklist, 5)

    posted = client.post(add_url(review, a5), {"file": upload("Loi n° 22 – 2011.pdf", PDF, "application/x-msdownload")})
    assert posted.status_code == 302 and posted["Location"].endswith("/checklist/#article-5")
    attachment = ChecklistAttachment.objects.get()
    assert attachment.uploaded_by == user and attachment.filename == "Loi n° 22 – 2011.pdf"

    html = client.get(page_url(review)).content.decode()
    assert "“Loi n° 22 – 2011.pdf” is attached to article 5." in html
    assert download_url(review, attachment) in html and remove_url(review, attachment) in html
    assert 'accept=".pdf,.docx,.odt"' in html and 'enctype="multipart/form-data"' in html

    response = client.get(download_url(review, attachment))
    assert response.status_code == 200 and _body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Loi%20n%C2%B0%2022%20%E2%80%93%202011.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"

    removed = client.post(remove_url(review, attachment), follow=True)
    assert removed.status_code == 200
    html = removed.content.decode()
    assert "“Loi n° 22 – 2011.pdf” is removed from article 5." in html
    assert download_url(review, attachment) not in html  # gone from the draft page
    assert client.get(download_url(review, attachment)).status_code == 404
    attachment.refresh_from_db()
    assert attachment.removed_by == user and default_storage.exists(attachment.file.name)


@pytest.mark.parametrize("who", ["expert", "observer"])
def test_experts_and_observers_on_the_review_download_only_what_was_submitted(
    client, request, review, checklist, focal, staff, draft_file, who
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(download_url(review, draft_file)).status_code == 404  # a draft's file
    assert "Draft law.pdf" not in client.get(page_url(review)).content.decode()
    _cannot_write(client, review, checklist, draft_file, 404)

    fill(checklist, focal, MANDATORY)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    html = client.get(page_url(review)).content.decode()
    assert "Draft law.pdf" in html and download_url(review, draft_file) in html
    assert "PDF, " in html and remove_url(review, draft_file) not in html and "multipart" not in html
    response = client.get(download_url(review, draft_file))
    assert response.status_code == 200 and _body(response) == PDF
    _cannot_write(client, review, checklist, draft_file, 404)

    # Reopened, a new file is added to the draft: not theirs until submitted.
    checklist_reopen(checklist=checklist, actor=staff, reason="Add the 2019 amendment")
    newer = attachment_add(answer=answer(checklist, 5), actor=focal, upload=upload("Amendment 2019.pdf", PDF))
    assert client.get(download_url(review, newer)).status_code == 404
    assert "Amendment 2019.pdf" not in client.get(page_url(review)).content.decode()


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: UserFactory(focal_point=True, state=state("UGA")), id="other-state-focal-point"),
        pytest.param(lambda: UserFactory(expert=True, state=state("UGA")), id="unassigned-expert"),
        pytest.param(lambda: UserFactory(), id="unassigned-observer"),
        pytest.param(lambda: UserFactory(focal_point=True, is_active=False), id="deactivated-focal-point"),
    ],
)
def test_people_not_on_the_review_get_404_even_after_submission(
    client, review, checklist, focal, draft_file, make_user
):
    user = make_user()
    client.force_login(user)
    expected = 404 if user.is_active else 302  # a deactivated account is signed out
    assert client.get(download_url(review, draft_file)).status_code == expected
    _cannot_write(client, review, checklist, draft_file, expected)
    fill(checklist, focal, MANDATORY)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    assert client.get(download_url(review, draft_file)).status_code == expected


def test_anonymous_is_sent_to_sign_in(client, review, checklist, draft_file):
    response = client.get(download_url(review, draft_file))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    _cannot_write(client, review, checklist, draft_file, 302)


def test_files_are_not_served_from_media_url(client, review, staff, draft_file):
    client.force_login(staff)
    assert client.get(f"/media/{draft_file.file.name}").status_code == 404
    assert client.get(f"/en/media/{draft_file.file.name}").status_code == 404


def test_an_attachment_of_another_review_is_not_reachable_through_ones_own(client, review, checklist, focal):
    uganda = CountryReviewFactory(state=state("UGA"))
    foreign_answer = answer(checklist_open(review=uganda), 5)
    foreign = attachment_add(
        answer=foreign_answer, actor=UserFactory(secretariat=True), upload=upload("Uganda.pdf", PDF)
    )
    client.force_login(focal)
    assert client.get(download_url(review, foreign)).status_code == 404
    assert client.post(remove_url(review, foreign)).status_code == 404
    assert client.post(add_url(review, foreign_answer), {"file": upload("x.pdf", PDF)}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.removed_at is None and ChecklistAttachment.objects.count() == 1


def test_a_refused_upload_re_renders_the_page_with_the_reason_and_keeps_the_answers(
    client, review, checklist, focal, settings
):
    settings.CHECKLIST_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    a5 = answer(checklist, 5)
    answer_save(answer=a5, actor=focal, data={"implementation": "partly", "narrative": "Saved before"}, revision=0)
    client.force_login(focal)

    wrong = client.post(add_url(review, a5), {"file": upload("budget.docx", BAD["xlsx"])})
    assert wrong.status_code == 422
    html = wrong.content.decode()
    assert "“budget.docx” is not a PDF, DOCX or ODT document. Only these types may be attached." in html
    assert 'href="#article-5"' in html and "Saved before" in html and "<textarea" in html

    big = client.post(add_url(review, a5), {"file": upload("huge.pdf", PDF + b"0" * (2 * 1024 * 1024))})
    assert big.status_code == 422 and "“huge.pdf” is too large: files may be at most 2 MB." in big.content.decode()

    missing = client.post(add_url(review, a5), {})
    assert missing.status_code == 422 and "This field is required." in missing.content.decode()
    assert not ChecklistAttachment.objects.exists()
    a5.refresh_from_db()
    assert (a5.narrative, a5.revision) == ("Saved before", 1)


def test_the_name_is_escaped_on_every_page(client, review, checklist, focal, expert):
    name = "<img src=x onerror=alert(1)>.pdf"
    client.force_login(focal)
    client.post(add_url(review, answer(checklist, 5)), {"file": upload(name, PDF)})
    html = client.get(page_url(review)).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in html and "<img src=x" not in html
    fill(checklist, focal, MANDATORY)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    client.force_login(expert)
    read = client.get(page_url(review)).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in read and "<img src=x" not in read


def test_a_submitted_checklist_offers_no_upload_or_removal_to_the_state(client, review, checklist, focal, draft_file):
    fill(checklist, focal, MANDATORY)
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    client.force_login(focal)
    html = client.get(page_url(review)).content.decode()
    assert "Draft law.pdf" in html and download_url(review, draft_file) in html
    assert "multipart" not in html and remove_url(review, draft_file) not in html
    refused = client.post(remove_url(review, draft_file))
    assert refused.status_code == 422 and "has been submitted" in refused.content.decode()
    draft_file.refresh_from_db()
    assert draft_file.removed_at is None


# --- Query counts ------------------------------------------------------------------------------
# Measured with a document on every article: the focal point's draft page 14 queries (12
# before attachments and reuse: + the attachments, + the reuse sources); the expert's
# submitted version 8 (the attachments are in the frozen version: no query).


def test_pages_with_attachments_on_every_article_stay_bounded(
    client, review, checklist, focal, expert, django_assert_max_num_queries
):
    for number in ARTICLES:
        a = answer(checklist, number)
        answer_save(answer=a, actor=focal, data={"implementation": "fully", "narrative": "x"}, revision=0)
        attachment_add(answer=a, actor=focal, upload=upload(f"law {number}.pdf", PDF))
        attachment_add(answer=a, actor=focal, upload=upload(f"decree {number}.odt", ODT))
    client.force_login(focal)
    client.get(page_url(review))
    with django_assert_max_num_queries(15):
        response = client.get(page_url(review))
    assert response.content.decode().count("/checklist/attachments/") == 2 * 18 * 2  # download + remove

    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    assert ChecklistSubmission.objects.count() == 1
    client.force_login(expert)
    client.get(page_url(review))
    with django_assert_max_num_queries(12):
        response = client.get(page_url(review))
    assert response.content.decode().count("/checklist/attachments/") == 2 * 18


# --- Limits that protect the server (issue 17) ---------------------------------------------------


def test_an_answer_holds_at_most_so_many_documents(checklist, focal, settings):
    settings.CHECKLIST_ATTACHMENTS_PER_ANSWER = 2
    a5 = answer(checklist, 5)
    first = attachment_add(answer=a5, actor=focal, upload=upload("one.pdf", PDF))
    attachment_add(answer=a5, actor=focal, upload=upload("two.pdf", PDF))
    with pytest.raises(ValidationError) as refused:
        attachment_add(answer=a5, actor=focal, upload=upload("three.pdf", PDF))
    assert "already has 2 documents" in refused.value.message_dict["file"][0]
    attachment_remove(attachment=first, actor=focal)  # a removed one no longer counts
    attachment_add(answer=a5, actor=focal, upload=upload("three.pdf", PDF))
    assert a5.attachments.filter(removed_at__isnull=True).count() == 2


def test_a_checklist_holds_at_most_so_many_bytes(checklist, focal, settings):
    settings.CHECKLIST_ATTACHMENT_BYTES_PER_REVIEW = len(PDF) * 2 + 10
    attachment_add(answer=answer(checklist, 5), actor=focal, upload=upload("one.pdf", PDF))
    attachment_add(answer=answer(checklist, 6), actor=focal, upload=upload("two.pdf", PDF))
    with pytest.raises(ValidationError) as refused:
        attachment_add(answer=answer(checklist, 7), actor=focal, upload=upload("three.pdf", PDF))
    assert "more than the" in refused.value.message_dict["file"][0]
    assert ChecklistAttachment.objects.count() == 2


def test_a_request_announcing_a_huge_body_is_refused_before_it_is_read(client, settings):
    settings.REQUEST_MAX_BYTES = 1000
    answer = client.post(
        "/fr/accounts/login/", data=b"x" * 10, content_type="application/octet-stream", CONTENT_LENGTH="5000"
    )
    assert answer.status_code == 413 and "Trop volumineux" in answer.content.decode()
    assert client.post("/en/accounts/login/", {"username": "x", "password": "y"}).status_code == 200
