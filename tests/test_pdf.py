"""The WeasyPrint wrapper (``reviewmech.pdf``): what a worker process keeps from one render to
the next, and that keeping it changes nothing in the PDFs."""

import gc
import io
from pathlib import Path
from unittest import mock

import pytest
import weasyprint
from django.conf import settings
from pypdf import PdfReader

from reviewmech import pdf
from tests.pdftools import needs_poppler, pdf_fonts, pdf_text

STYLES = (Path(settings.BASE_DIR) / "templates" / "pdf" / "styles.css").read_text()


def _html(body: str, *, css: str = STYLES, language: str = "en") -> str:
    direction = "rtl" if language == "ar" else "ltr"
    return (
        f'<!DOCTYPE html><html lang="{language}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>T</title><style>{css}</style></head><body>{body}</body></html>"
    )


SUMMARY_LIKE = """<div class="running-symbol">CAC/COSP/IRG/II/1/1/Add.9</div>
<header class="masthead"><div class="masthead-top"><div class="un">United Nations</div>
<div class="symbol" dir="ltr">CAC/COSP/IRG/II/1/1/Add.9</div></div></header>
<h1>Executive summary</h1><p>Kenya ratified the Convention on 9 December 2003.</p>
<ol class="findings"><li><span class="article-ref">(art. 6)</span> The Commission publishes its report.
<span class="ta">— Legal advice</span></li><li>Provide the Commission with resources.</li></ol>"""


@pytest.fixture(autouse=True)
def _fresh_caches():
    pdf.clear_caches()
    yield
    pdf.clear_caches()


def _page_size(data: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_renders_of_a_process_share_one_font_configuration():
    seen = []
    real_render = weasyprint.HTML.render

    def spy(self, *args, **kwargs):
        seen.append(kwargs["font_config"])
        return real_render(self, *args, **kwargs)

    with mock.patch.object(weasyprint.HTML, "render", spy):
        pdf.render_pdf(_html("<p>One</p>"))
        pdf.render_pdf(_html("<p>Two</p>", language="fr"))
    assert len(seen) == 2 and seen[0] is seen[1] is pdf.font_configuration()


def test_the_stylesheet_is_parsed_once_per_text_and_a_changed_one_is_used_at_once():
    a4 = "@page { size: A4; } p { font-size: 11pt; }"
    a5 = "@page { size: A5; } p { font-size: 11pt; }"
    with mock.patch.object(pdf.weasyprint, "CSS", wraps=weasyprint.CSS) as parse:
        first = pdf.render_pdf(_html("<p>One</p>", css=a4))
        second = pdf.render_pdf(_html("<p>Two</p>", css=a4, language="ar"))
        assert parse.call_count == 1
        changed = pdf.render_pdf(_html("<p>Three</p>", css=a5))
        assert parse.call_count == 2
    # Same stylesheet text, same page; the changed text is a new key, parsed and applied.
    assert _page_size(first.data) == _page_size(second.data) == (595, 842)
    assert _page_size(changed.data) == (420, 595)
    # The content hash still covers the stylesheet: it is part of the HTML.
    assert pdf.content_hash(_html("<p>One</p>", css=a4)) != pdf.content_hash(_html("<p>One</p>", css=a5))


def test_clearing_the_caches_parses_again_and_makes_a_new_font_configuration():
    html = _html("<p>One</p>")
    pdf.render_pdf(html)
    fonts = pdf.font_configuration()
    with mock.patch.object(pdf.weasyprint, "CSS", wraps=weasyprint.CSS) as parse:
        pdf.render_pdf(html)
        assert parse.call_count == 0
        pdf.clear_caches()
        pdf.render_pdf(html)
        assert parse.call_count == 1
    assert pdf.font_configuration() is not fonts


def test_the_stylesheet_cache_keeps_a_bounded_number_of_sheets():
    for size in range(pdf.STYLESHEET_CACHE_SIZE + 5):
        pdf.stylesheet(f"p {{ font-size: {size + 6}pt; }}", "file:///static/")
    assert len(pdf._stylesheets) == pdf.STYLESHEET_CACHE_SIZE


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_the_pdf_is_the_same_as_weasyprint_makes_from_the_html_as_it_is(language):
    """The parsed stylesheet comes in as a user stylesheet: the cascade, and so the PDF, must
    not change. Same bytes, twice (the content hash decides on re-rendering)."""
    html = _html(SUMMARY_LIKE, language=language)
    plain = (
        weasyprint.HTML(string=html, base_url=str(Path(settings.BASE_DIR) / "static") + "/")
        .render(font_config=pdf.font_configuration())
        .write_pdf()
    )
    assert pdf.render_pdf(html).data == plain
    assert pdf.render_pdf(html).data == plain


def test_html_the_cache_cannot_stand_for_is_left_to_weasyprint():
    base = "file:///static/"
    for html in (
        "<html><body><p>No style</p></body></html>",
        "<html><head><style>p{}</style><style>h1{}</style></head><body></body></html>",
        '<html><head><link rel="stylesheet" href="x.css"><style>p{}</style></head></html>',
        "<html><head><style>p { color: red !important }</style></head></html>",
        "<html><head><style>p {\r\n color: red }</style></head></html>",
        '<html><head><style media="print">p{}</style></head></html>',
        "<html><head><STYLE>p{}</STYLE></head></html>",
    ):
        assert pdf._take_stylesheet(html, base) == (html, [])
    html, sheets = pdf._take_stylesheet("<html><head><style>p{}</style></head><body>x</body></html>", base)
    assert html == "<html><head></head><body>x</body></html>" and len(sheets) == 1


def test_no_garbage_collection_during_a_render_and_the_collector_restored_after():
    states = []
    real_render = weasyprint.HTML.render

    def spy(self, *args, **kwargs):
        states.append(gc.isenabled())
        return real_render(self, *args, **kwargs)

    assert gc.isenabled()
    with mock.patch.object(weasyprint.HTML, "render", spy):
        pdf.render_pdf(_html("<p>One</p>"))
    assert states == [False] and gc.isenabled()

    with mock.patch.object(weasyprint.HTML, "render", side_effect=ValueError("bad layout")), pytest.raises(ValueError):
        pdf.render_pdf(_html("<p>One</p>"))
    assert gc.isenabled()

    gc.disable()
    try:
        pdf.render_pdf(_html("<p>One</p>"))
        assert not gc.isenabled()  # turned off by someone else: left off
    finally:
        gc.enable()


def test_the_render_runs_through_a_frame_reserving_a_large_stack():
    code = pdf._large_stack_call.__code__
    assert code.co_stacksize >= pdf.LARGE_STACK_SLOTS
    assert pdf._on_large_stack(lambda a, b: a + b, 2, 3) == 5
    with pytest.raises(KeyError):
        pdf._on_large_stack({}.__getitem__, "missing")

    def depth(n):
        return 0 if n == 0 else 1 + depth(n - 1)

    assert pdf._on_large_stack(depth, 500) == 500


@needs_poppler
def test_chinese_asks_for_the_upright_face_and_an_english_fallback_keeps_its_italic(tmp_path):
    """Noto Sans CJK has no italic: the PDF holds the upright face once, not a second copy
    under an "Oblique" name; English text inside keeps Noto Sans Italic."""
    body = (
        '<p>技术援助需求 <span class="ta">— 立法援助 <span lang="en" dir="ltr">Legal drafting</span></span></p>'
        '<p class="empty">尚未印发任何文件。</p>'
    )
    path = tmp_path / "zh.pdf"
    path.write_bytes(pdf.render_pdf(_html(body, language="zh-hans")).data)
    fonts = pdf_fonts(path)
    assert "Noto-Sans-CJK-SC" in fonts and "Noto-Sans-Italic" in fonts
    assert "Oblique" not in fonts and "CJK-JP" not in fonts
    assert "立法援助" in pdf_text(path) and "Legal drafting" in pdf_text(path)
