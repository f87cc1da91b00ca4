"""The formatting of checklist answers: a small Markdown subset rendered to safe HTML on the
pages and in the PDF, written as real formatting in the DOCX/ODT exports and read back into
the same Markdown.

Kenya's UNCAC cycle-2 review, as in ``test_checklist_offline``.
"""

import io

import docx
import pytest
from django.template.loader import render_to_string
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from odf import teletype
from odf.opendocument import load as odf_load
from odf.style import Style, TextProperties
from odf.table import TableCell
from odf.text import A, List, ListItem, ListLevelStyleNumber, ListStyle, P, Span

from reviews.answer_text import answer_html, canonical
from reviews.forms import AnswerForm
from reviews.services import checklist_formats as formats
from reviews.services import checklist_offline as offline
from tests.reviews.test_checklist_offline import ARABIC, CHINESE, answer, checklist, export, key, read, save

pytestmark = pytest.mark.usefixtures("reference_data")

__all__ = ["checklist"]  # the fixture, imported

FORMATTED = (
    "The **Public Officer Ethics Act** of 2003 applies; see *Kenya Gazette* and "
    "[the Act](https://kenyalaw.org/acts/2003/4) or https://eacc.go.ke/.\n\n"
    "Measures:\n- a code of conduct\n- asset declarations\n\n1. first step\n2. second step"
)
ARABIC_FORMATTED = "تنفذ **المادة** بموجب القانون:\n- اللجنة الوطنية\n- *المحاكم*"
CHINESE_FORMATTED = "本条由**2003年**《反腐败和经济犯罪法》实施。\n1. 国家委员会\n2. 法院"


# --- The renderer --------------------------------------------------------------------------------


def test_the_subset_is_rendered():
    html = answer_html(FORMATTED)
    assert "<strong>Public Officer Ethics Act</strong>" in html and "<em>Kenya Gazette</em>" in html
    assert '<a href="https://kenyalaw.org/acts/2003/4" rel="noopener nofollow">the Act</a>' in html
    assert '<a href="https://eacc.go.ke/" rel="noopener nofollow">https://eacc.go.ke/</a>.' in html
    assert "<ul>\n<li>a code of conduct</li>\n<li>asset declarations</li>\n</ul>" in html
    assert "<ol>\n<li>first step</li>\n<li>second step</li>\n</ol>" in html
    assert answer_html("Line one\nline two\n\nNew paragraph") == "<p>Line one<br>\nline two</p>\n<p>New paragraph</p>"
    assert answer_html("3. third\n4. fourth").startswith('<ol start="3">')
    assert answer_html("_italic_ and mailto:fp@example.org") == (
        '<p><em>italic</em> and <a href="mailto:fp@example.org" rel="noopener nofollow">mailto:fp@example.org</a></p>'
    )
    assert answer_html("") == "" and answer_html(None) == ""


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src=x onerror="alert(1)">', "<img"),
        ('<a href="https://evil.example">raw</a>', '">raw</a>'),
        ("[click](javascript:alert(1))", "href"),
        ("[click](JaVaScRiPt:alert(1))", "href"),
        ("[click](data:text/html;base64,PHNjcmlwdD4=)", "href"),
        ("[click](//evil.example/x)", "href"),
        ("www.example.org and fp@example.org", "href"),
        ("# Heading\n> quote\n\n    code\n\n`tick` ![img](https://x.org/i.png)", "<h1"),
    ],
)
def test_what_is_not_the_subset_is_shown_as_typed(text, forbidden):
    html = answer_html(text)
    assert forbidden.lower() not in html.lower()
    for tag in ("<script", "<img", "<h1", "<blockquote", "<code", "<pre"):
        assert tag not in html
    if text.startswith("<script"):
        assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_canonical_keeps_plain_texts_and_the_meaning():
    for text in (
        "First line.\n\nThird line  with  two spaces.",
        "47\tcounties",
        "5 * 3 = 15 and file_name",
        ARABIC,
        CHINESE,
        FORMATTED,
        ARABIC_FORMATTED,
        "a **b *c*** d",
    ):
        assert canonical(text) == text
    for text, expected in (
        ("* one\n* two", "- one\n- two"),
        ("_it_ and __bold__", "*it* and **bold**"),
        ("1. a\n1. b\n1. c", "1. a\n2. b\n3. c"),
        ("file\\_name", "file_name"),
    ):
        assert canonical(text) == expected
        assert answer_html(canonical(text)) == answer_html(text) or text.startswith("* ")


# --- The pages and the PDF -----------------------------------------------------------------------


def test_the_read_only_answer_shows_the_formatting():
    row = {"narrative": FORMATTED, "legislation": "<b>raw</b>", "implementation_label": "Fully implemented"}
    html = render_to_string("reviews/partials/answer_readonly.html", {"row": row})
    assert '<dd dir="auto"><p>The <strong>Public Officer Ethics Act</strong>' in html
    assert "<li>a code of conduct</li>" in html and 'rel="noopener nofollow"' in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html and "<b>" not in html


def test_the_checklist_pdf_shows_the_formatting(review, focal):
    from documents.kinds import render_html
    from documents.models import Rendition
    from reviews.models import ChecklistAnswer
    from reviews.services import checklist as checklist_service

    checklist = checklist_service.checklist_open(review=review)
    for row in checklist.answers.all():
        row.implementation = ChecklistAnswer.Implementation.NOT_APPLICABLE
        row.save()
    first = checklist.answers.order_by("article__number").first()
    first.implementation, first.narrative, first.ta_needs = "partly", FORMATTED, ARABIC_FORMATTED
    first.save()
    submission = checklist_service.checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    html = render_html(submission, "en", Rendition.Variant.FINAL)
    assert '<div dir="ltr"><p>The <strong>Public Officer Ethics Act</strong>' in html
    assert "<li>asset declarations</li>" in html and '<a href="https://kenyalaw.org/acts/2003/4"' in html
    assert '<div dir="rtl"><p>تنفذ <strong>المادة</strong>' in html  # the direction of its first letter


def test_the_answer_form_says_what_formatting_is_possible():
    form = AnswerForm()
    assert "**bold**" in str(form.fields["narrative"].help_text)
    assert "**bold**" in form.as_div()


# --- Round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["docx", "odt"])
@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_round_trip_of_formatted_answers_unchanged_is_no_change(checklist, focal, kind, language):
    save(checklist, focal, 5, narrative=FORMATTED, legislation="See [the Act](https://kenyalaw.org).")
    save(checklist, focal, 6, narrative=ARABIC_FORMATTED, legislation=CHINESE_FORMATTED, examples=ARABIC)
    save(checklist, focal, 7, narrative="* one\n* two\n\n_it_", statistics="5 * 3 = 15\tfile_name")
    preview = read(checklist, focal, export(checklist, focal, kind=kind, language=language), f"x.{kind}")
    assert preview["items"] == [] and preview["missing"] == [] and preview["unknown"] == []


def test_the_docx_holds_real_formatting(checklist, focal):
    save(checklist, focal, 5, narrative=FORMATTED)
    document = docx.Document(io.BytesIO(export(checklist, focal, numbers={5})))
    cell = answer_cell(document, key(checklist, 5))
    paragraphs = cell.paragraphs
    assert [run.text for run in paragraphs[0].runs if run.bold] == ["Public Officer Ethics Act"]
    assert [run.text for run in paragraphs[0].runs if run.italic] == ["Kenya Gazette"]
    assert [p.style.name for p in paragraphs[3:5]] == ["List Bullet", "List Bullet"]
    assert [p.style.name for p in paragraphs[6:8]] == ["List Number", "List Number"]
    links = paragraphs[0]._p.findall(qn("w:hyperlink"))
    targets = [document.part.rels[link.get(qn("r:id"))].target_ref for link in links]
    assert targets == ["https://kenyalaw.org/acts/2003/4", "https://eacc.go.ke/"]


def answer_cell(document, wanted):
    pending = None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and block.text.strip() == wanted:
            pending = True
        elif isinstance(block, DocxTable) and pending:
            return block.cell(0, 0)
    raise AssertionError(wanted)


def docx_link(paragraph, text, url):
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = paragraph.add_run(text)
    link.append(run._r)
    paragraph._p.append(link)


def test_docx_edits_come_back_as_markdown_and_only_there(checklist, focal):
    save(checklist, focal, 5, narrative="The Act of 2003 applies.")
    save(checklist, focal, 6, narrative="Courts\nProsecutors")
    save(checklist, focal, 7, narrative=FORMATTED)
    save(checklist, focal, 8, narrative=ARABIC)
    save(checklist, focal, 9, narrative=CHINESE)
    document = docx.Document(io.BytesIO(export(checklist, focal)))
    # Bold on a word.
    paragraph = answer_cell(document, key(checklist, 5)).paragraphs[0]
    paragraph.text = ""
    paragraph.add_run("The ")
    paragraph.add_run("Act").bold = True
    paragraph.add_run(" of 2003 applies.")
    # Two lines made a numbered list.
    for p in answer_cell(document, key(checklist, 6)).paragraphs:
        p.style = "List Number"
    # A link in a new paragraph, a character style for italics.
    cell = answer_cell(document, key(checklist, 9))
    docx_link(cell.add_paragraph("详见 "), "网站", "https://www.unodc.org/")
    cell.add_paragraph().add_run("法院", style="Emphasis")
    out = io.BytesIO()
    document.save(out)
    preview = read(checklist, focal, out.getvalue())
    assert {(i["number"], i["field"]): i["text"] for i in preview["items"]} == {
        (5, "narrative"): "The **Act** of 2003 applies.",
        (6, "narrative"): "1. Courts\n2. Prosecutors",
        (9, "narrative"): f"{CHINESE}\n详见 [网站](https://www.unodc.org/)\n*法院*",
    }
    assert all(i["status"] == "changed" and i["notices"] == [] for i in preview["items"])
    offline.checklist_import_apply(
        checklist=checklist, actor=focal, preview=preview, take={i["key"] for i in preview["items"]}
    )
    assert answer(checklist, 5).narrative == "The **Act** of 2003 applies."
    assert "<ol>\n<li>Courts</li>" in answer_html(answer(checklist, 6).narrative)
    assert answer(checklist, 7).narrative == FORMATTED and answer(checklist, 8).narrative == ARABIC


def test_docx_what_answers_cannot_hold_is_text_with_a_notice(checklist, focal):
    document = docx.Document(io.BytesIO(export(checklist, focal, numbers={5})))
    cell = answer_cell(document, key(checklist, 5))
    docx_link(cell.paragraphs[0], "the file", "file:///C:/secret.docx")
    nested = cell.add_paragraph("Nested", style="List Bullet")
    num_pr = nested._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 1  # a list in a list
    num_pr.get_or_add_numId().val = document.styles["List Bullet"].element.pPr.numPr.numId.val
    cell.add_paragraph("A heading", style="Heading 2")
    cell.add_paragraph("Literal *stars* and [brackets]")
    out = io.BytesIO()
    document.save(out)
    (item,) = read(checklist, focal, out.getvalue())["items"]
    assert item["text"] == (
        "the file (file:///C:/secret.docx)\n- Nested\nA heading\nLiteral \\*stars\\* and \\[brackets\\]"
    )
    assert answer_html(item["text"]).count("<a ") == 0 and "*stars*" in answer_html(item["text"])
    assert set(item["notices"]) == {"link", "list", "formatting"}
    assert len(offline.notice_texts(item["notices"])) == 3


def odt_cell(document, wanted):
    pending = None
    for node in document.text.childNodes:
        if node.qname[1] == "p" and teletype.extractText(node).strip() == wanted:
            pending = True
        elif node.qname[1] == "table" and pending:
            return node.getElementsByType(TableCell)[0]
    raise AssertionError(wanted)


def test_odt_edits_come_back_as_markdown_and_only_there(checklist, focal):
    save(checklist, focal, 5, narrative="The Act of 2003 applies.")
    save(checklist, focal, 6, narrative=ARABIC_FORMATTED)
    save(checklist, focal, 7, narrative="Old text")
    document = odf_load(io.BytesIO(export(checklist, focal, kind="odt", language="ar")))
    bold = Style(name="EditBold", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    numbers = ListStyle(name="EditNumbers")
    numbers.addElement(ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
    document.automaticstyles.addElement(numbers)
    # Bold on a word.
    cell = odt_cell(document, key(checklist, 5))
    for child in list(cell.childNodes):
        cell.removeChild(child)
    p = P()
    p.addText("The ")
    span = Span(stylename=bold)
    span.addText("Act")
    p.addElement(span)
    p.addText(" of 2003 applies, see ")
    link = A(href="https://www.unodc.org/", type="simple")
    link.addText("UNODC")
    p.addElement(link)
    cell.addElement(p)
    # A numbered list.
    cell = odt_cell(document, key(checklist, 7))
    for child in list(cell.childNodes):
        cell.removeChild(child)
    listing = List(stylename=numbers)
    for text in ("Courts", "Prosecutors"):
        item = ListItem()
        item_p = P()
        item_p.addText(text)
        item.addElement(item_p)
        listing.addElement(item)
    cell.addElement(listing)
    out = io.BytesIO()
    document.write(out)
    preview = read(checklist, focal, out.getvalue(), "x.odt")
    assert {(i["number"], i["field"]): i["text"] for i in preview["items"]} == {
        (5, "narrative"): "The **Act** of 2003 applies, see [UNODC](https://www.unodc.org/)",
        (7, "narrative"): "1. Courts\n2. Prosecutors",
    }
    assert all(i["notices"] == [] for i in preview["items"])


def test_choices_are_read_as_written_not_as_markdown(checklist, focal):
    """The implementation is a choice: a file's list or bold around it is no part of it."""
    save(checklist, focal, 5, implementation="partly")
    document = docx.Document(io.BytesIO(export(checklist, focal, numbers={5})))
    cell = answer_cell(document, key(checklist, 5, "implementation"))
    text = cell.paragraphs[0].text
    cell.paragraphs[0].text = ""
    cell.paragraphs[0].add_run(text).bold = True
    out = io.BytesIO()
    document.save(out)
    preview = read(checklist, focal, out.getvalue())
    assert preview["items"] == []


def test_the_instructions_say_what_is_kept():
    assert any("bold, italics, bullet and numbered lists" in line for line in offline._instructions())
    assert formats.NOTICE_FORMATTING == "formatting"


# --- Through LibreOffice -------------------------------------------------------------------------


@pytest.mark.office
@pytest.mark.parametrize(("exported", "saved_as"), [("docx", "docx"), ("odt", "odt"), ("docx", "odt"), ("odt", "docx")])
def test_formatted_answers_saved_again_by_libreoffice_change_nothing(checklist, focal, tmp_path, exported, saved_as):
    from tests.reviews.test_checklist_office_roundtrip import resave

    save(checklist, focal, 5, narrative=FORMATTED, legislation="See [the Act](https://kenyalaw.org).")
    save(checklist, focal, 6, narrative=ARABIC_FORMATTED, legislation=CHINESE_FORMATTED)
    content = resave(export(checklist, focal, kind=exported, numbers={5, 6}), exported, saved_as, tmp_path)
    preview = read(checklist, focal, content, f"x.{saved_as}")
    assert preview["items"] == [] and preview["missing"] == []


def test_plain_texts_take_the_short_way_with_the_parsers_html():
    """Most answers hold no formatting: they skip the parser, with exactly the HTML it and nh3
    would write (random texts of the characters that matter, seeded)."""
    import random

    from reviews.answer_text import _formatted_html, _plain_html

    pieces = [*"ab é漢ع \t\n-+*1.)&<>\"'\u00a0#=`~!:/\u2003\r"]
    pieces += ["1. ", "- ", "  ", "\n\n", "word", "http", " \n", "\t\n", "\n \n", "10) ", "\n+ ", "\n1.", "\n-"]
    chance = random.Random(16)
    short = 0
    for _ in range(6000):
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(1, 30)))
        plain = _plain_html(text) if text.strip() else None
        if plain is not None:
            short += 1
            assert plain == str(_formatted_html(text)).strip(), repr(text)
    assert short > 300
    typical = "The Act of 2003 applies.\nThe Commission (EACC) oversees it.\n\nSee section 5 & 6 <draft>."
    assert _plain_html(typical) is not None


def test_chinese_emphasis_needs_no_spaces():
    """Chinese writes no spaces between words: bold ending on a closing book-title mark just
    before a character is bold (CommonMark alone leaves the asterisks), and the office files
    write it back the same way. Latin text keeps CommonMark's rule."""
    from reviews.answer_text import Line, Run, answer_html, canonical, lines_text, text_lines

    text = "本条由**2003年《反腐败和经济犯罪法》**实施：\n- 国家委员会负责*监督*；"
    assert str(answer_html(text)) == (
        "<p>本条由<strong>2003年《反腐败和经济犯罪法》</strong>实施：</p>\n<ul>\n<li>国家委员会负责<em>监督</em>；</li>\n</ul>"
    )
    assert canonical(text) == text
    assert [run.bold for run in text_lines(text)[0].runs] == [False, True, False]
    bold_run = [Line(runs=[Run("本条由"), Run("2003年《反腐败和经济犯罪法》", bold=True), Run("实施")])]
    assert lines_text(bold_run) == ("本条由**2003年《反腐败和经济犯罪法》**实施", False)
    assert str(answer_html("snake_case_word and 2*3*4")) == "<p>snake_case_word and 2<em>3</em>4</p>"
