"""The checklist as a word-processor file, and back: writing DOCX (python-docx) and ODT
(odfpy) from an :class:`ExportSpec`, reading the answers of an edited file.

Layout of an exported file: the instructions, then per article its heading, guidance and, for
each question, the field's label, the question's key alone in a small paragraph
(``[Q-<checklist>-<article>-<field>]``) and a one-cell table holding the answer. Reading takes
the first table after each key: whatever the person wrote in it is the answer; everything else
in the file is ignored. The export's facts (checklist, State, time, the answers' revisions) are
document metadata: a custom property in DOCX, a user-defined property in ODT.

Reading is done only on a file that :func:`documents.files.check_office_package` accepted
(bounded size, no macros, no external objects, no DTD).
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import dataclass, field

from .. import answer_text
from ..answer_text import Line, Run

#: The name of the document property holding the export's facts (JSON).
META_PROPERTY = "reviewmech-checklist"

KEY_PATTERN = re.compile(r"\[Q-(\d+)-(\d+)-([a-z_]+)\]")

#: What a file held that an answer's text cannot keep (shown in the preview). Paragraphs, bold,
#: italics, one level of bullet or numbered lists and http/https/mailto links are kept (the
#: subset of :mod:`reviews.answer_text`); the rest is read as plain text with one of these.
#: Underlining, colours, fonts, highlighting, headings (or bold and italics no Markdown can say).
NOTICE_FORMATTING = "formatting"
#: A list nested in a list: made one level.
NOTICE_LIST = "list"
#: A link to anything but an http, https or mailto address: its text, then the address.
NOTICE_LINK = "link"
NOTICE_IMAGE = "image"
NOTICE_TABLE = "table"
NOTICE_TRACKED = "tracked"
NOTICE_NOTE = "note"


@dataclass
class ExportQuestion:
    key: str
    label: str
    text: str
    #: The text is an answer's (Markdown subset, written as formatting); else written as is.
    markdown: bool = True


@dataclass
class ExportArticle:
    heading: str
    guidance: str = ""
    #: Read-only facts shown under the heading (implementation, TA category).
    facts: list[str] = field(default_factory=list)
    questions: list[ExportQuestion] = field(default_factory=list)


@dataclass
class ExportSection:
    title: str
    articles: list[ExportArticle] = field(default_factory=list)


@dataclass
class ExportSpec:
    title: str
    subtitle: str
    instructions: list[str]
    sections: list[ExportSection]
    language: str
    rtl: bool
    metadata: dict
    #: Core properties: the State's code, the export time.
    state_code: str = ""
    created: object = None


@dataclass
class ParsedAnswer:
    key: str
    #: The answer as the Markdown subset of :mod:`reviews.answer_text`.
    text: str
    notices: set[str] = field(default_factory=set)
    #: The text as shown, without any formatting (for the questions answered with a choice).
    plain: str = ""


@dataclass
class ParsedFile:
    metadata: dict | None
    answers: list[ParsedAnswer]
    #: Keys found with no answer table after them.
    keys_without_answer: list[str] = field(default_factory=list)


def _first_strong_is_rtl(text: str, default: bool) -> bool:
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return default


def answer_lines(text: str) -> list[str]:
    """An answer's paragraphs: its lines, whatever the line ending the browser sent."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _question_lines(text: str, markdown: bool) -> list[Line]:
    """What a question's cell shows: an answer's lines of formatted runs, or the lines as is."""
    if markdown:
        return answer_text.text_lines(text)
    return [Line([Run(line)]) for line in answer_lines(text)]


# --- DOCX ---------------------------------------------------------------------------------------

_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def _docx_bidi(paragraph):
    """Right-to-left paragraph (``w:bidi``) with its runs marked right-to-left."""
    from docx.oxml import OxmlElement

    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(_w("bidi")) is None:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_BIDI_SUCCESSORS)
    from docx.text.run import Run as DocxRun

    for r in paragraph._p.iter(_w("r")):
        DocxRun(r, paragraph).font.rtl = True


#: The elements that follow ``w:bidi`` in a paragraph's properties (ECMA-376, CT_PPrBase).
_BIDI_SUCCESSORS = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _docx_styles(document):
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    styles = document.styles
    key = styles.add_style("Checklist Key", WD_STYLE_TYPE.PARAGRAPH)
    key.base_style = styles["Normal"]
    key.font.size = Pt(7)
    key.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    key.paragraph_format.space_after = Pt(0)
    guidance = styles.add_style("Checklist Guidance", WD_STYLE_TYPE.PARAGRAPH)
    guidance.base_style = styles["Normal"]
    guidance.font.italic = True
    if "Hyperlink" not in [st.name for st in styles]:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.underline = True
        link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)


def _docx_line_lists(lines: list[Line]) -> list[int | None]:
    """Per line, the index of the run of numbered lines it starts (or continues)."""
    groups, current = [], None
    for index, line in enumerate(lines):
        if line.kind == "number":
            if index == 0 or lines[index - 1].kind != "number":
                current = index
            groups.append(current)
        else:
            groups.append(None)
    return groups


def _docx_numbered_list(document, start: int) -> int:
    """A new numbering instance of the "List Number" style's list, starting at ``start`` (so
    that each list of each answer counts from its own first number)."""
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = next(num.abstractNumId.val for num in numbering.num_lst if num.numId == style_num)
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def _docx_answer(document, cell, text: str, rtl: bool, markdown: bool = True) -> None:
    """An answer in its cell: a paragraph per line, list lines as list paragraphs, bold and
    italic runs, links."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lines = _question_lines(text, markdown)
    groups = _docx_line_lists(lines)
    numbers: dict[int, int] = {}
    for index, line in enumerate(lines):
        p = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if line.kind == "bullet":
            p.style = "List Bullet"
        elif line.kind == "number":
            p.style = "List Number"
            group = groups[index]
            if group not in numbers:
                numbers[group] = _docx_numbered_list(document, line.number)
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = numbers[group]
        for run in answer_text.merge_runs(line.runs):
            r = p.add_run(run.text)
            if run.bold:
                r.bold = r.font.cs_bold = True
            if run.italic:
                r.italic = r.font.cs_italic = True
            if run.href:
                r.style = "Hyperlink"
                previous = r._r.getprevious()
                if previous is not None and previous.tag == _w("hyperlink") and previous.get("data-href") == run.href:
                    previous.append(r._r)
                    continue
                link = OxmlElement("w:hyperlink")
                link.set(qn("r:id"), document.part.relate_to(run.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
                link.set("data-href", run.href)
                r._r.addprevious(link)
                link.append(r._r)
        for link in p._p.findall(_w("hyperlink")):
            link.attrib.pop("data-href", None)
        if _first_strong_is_rtl(line.plain, rtl):
            _docx_bidi(p)


def write_docx(spec: ExportSpec) -> bytes:
    import docx
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    document = docx.Document()
    _docx_styles(document)

    def paragraph(text, style=None, rtl=None, container=None):
        target = container if container is not None else document
        p = target.add_paragraph(text, style)
        if _first_strong_is_rtl(text, spec.rtl) if rtl is None else rtl:
            _docx_bidi(p)
        return p

    def heading(text, level):
        p = document.add_heading(text, level)
        if spec.rtl:
            _docx_bidi(p)

    heading(spec.title, 0)
    paragraph(spec.subtitle, rtl=spec.rtl)
    for line in spec.instructions:
        paragraph(line, "List Bullet", rtl=spec.rtl)
    for section in spec.sections:
        heading(section.title, 1)
        for article in section.articles:
            heading(article.heading, 2)
            if article.guidance:
                paragraph(article.guidance, "Checklist Guidance", rtl=spec.rtl)
            for fact in article.facts:
                paragraph(fact, rtl=spec.rtl)
            for question in article.questions:
                heading(question.label, 3)
                paragraph(question.key, "Checklist Key", rtl=False)
                table = document.add_table(rows=1, cols=1)
                table.style = "Table Grid"
                _docx_answer(document, table.cell(0, 0), question.text, spec.rtl, question.markdown)

    core = document.core_properties
    core.title = spec.title
    core.subject = spec.subtitle
    core.identifier = f"reviewmech:checklist:{spec.metadata.get('checklist')}"
    core.category = spec.state_code
    core.language = spec.language
    core.keywords = "reviewmech"
    core.author = "reviewmech"
    if spec.created is not None:
        core.created = spec.created
        core.modified = spec.created

    # docProps/custom.xml: the export's facts, kept by Word and LibreOffice on saving.
    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_CUSTOM_FMTID, pid="2", name=META_PROPERTY)
    etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = json.dumps(spec.metadata, sort_keys=True)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _safe_xml(blob: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(blob, parser)


def _docx_metadata(document) -> dict | None:
    from docx.opc.constants import RELATIONSHIP_TYPE

    for rel in document.part.package.rels.values():
        if rel.reltype != RELATIONSHIP_TYPE.CUSTOM_PROPERTIES or rel.is_external:
            continue
        root = _safe_xml(rel.target_part.blob)
        for prop in root.iter(f"{{{_CUSTOM_NS}}}property"):
            if prop.get("name") == META_PROPERTY:
                return _load_metadata("".join(prop.itertext()))
    return None


def _load_metadata(text: str) -> dict | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


_OFF = ("0", "false", "off", "none")
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
#: Run properties an answer cannot keep (besides bold and italics).
_DOCX_OTHER_FORMATTING = ("u", "strike", "dstrike", "highlight", "color", "shd", "vertAlign", "caps", "smallCaps")


def _on(element) -> bool:
    return (element.get(_w("val")) or "on").lower() not in _OFF


def _docx_flag(rpr, names) -> bool | None:
    """Bold (``b``/``bCs``) or italics (``i``/``iCs``) as a run's or a style's properties set it,
    None when they don't."""
    if rpr is None:
        return None
    for name in names:
        element = rpr.find(_w(name))
        if element is not None:
            return _on(element)
    return None


def _docx_other_formatting(rpr) -> bool:
    if rpr is None:
        return False
    for name in _DOCX_OTHER_FORMATTING:
        element = rpr.find(_w(name))
        if element is None:
            continue
        value = (element.get(_w("val")) or "").lower()
        if name == "u" and value == "none":
            continue
        if name == "color" and value in ("auto", "000000"):
            continue
        if name == "shd" and (element.get(_w("fill")) or "auto").lower() in ("auto", "ffffff"):
            continue
        if name == "vertAlign" and value == "baseline":
            continue
        if name in ("strike", "dstrike", "caps", "smallCaps") and not _on(element):
            continue
        return True
    # Fonts and sizes are not looked at: word processors write them on every run when saving.
    return False


class _DocxReader:
    """Reads answer cells as lines of runs, with the document's styles, numbering and links."""

    def __init__(self, document):
        from docx.opc.constants import RELATIONSHIP_TYPE

        self.rels = document.part.rels
        self.styles: dict[str, object] = {}
        for style in document.styles.element.findall(_w("style")):
            self.styles[style.get(_w("styleId"))] = style
        self.nums: dict[str, tuple[str, dict]] = {}
        self.abstracts: dict[str, dict] = {}
        numbering = None
        for rel in self.rels.values():
            if rel.reltype == RELATIONSHIP_TYPE.NUMBERING and not rel.is_external:
                part = rel.target_part
                numbering = part.element if hasattr(part, "element") else _safe_xml(part.blob)
        if numbering is not None:
            for abstract in numbering.findall(_w("abstractNum")):
                self.abstracts[abstract.get(_w("abstractNumId"))] = self._levels(abstract)
            for num in numbering.findall(_w("num")):
                abstract_id = num.find(_w("abstractNumId"))
                overrides = {}
                for override in num.findall(_w("lvlOverride")):
                    level = {}
                    start = override.find(_w("startOverride"))
                    if start is not None:
                        level["start"] = start.get(_w("val"))
                    lvl = override.find(_w("lvl"))
                    if lvl is not None:
                        level |= self._levels_of(lvl)
                    overrides[override.get(_w("ilvl"))] = level
                self.nums[num.get(_w("numId"))] = (
                    abstract_id.get(_w("val")) if abstract_id is not None else "",
                    overrides,
                )

    @staticmethod
    def _levels_of(lvl) -> dict:
        level = {}
        start, fmt = lvl.find(_w("start")), lvl.find(_w("numFmt"))
        if start is not None:
            level["start"] = start.get(_w("val"))
        if fmt is not None:
            level["fmt"] = fmt.get(_w("val"))
        return level

    def _levels(self, abstract) -> dict:
        return {lvl.get(_w("ilvl")): self._levels_of(lvl) for lvl in abstract.findall(_w("lvl"))}

    def _style_chain(self, style_id):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(_w("basedOn"))
            style_id = based.get(_w("val")) if based is not None else None

    def _style_flag(self, style_id, names) -> bool | None:
        for style in self._style_chain(style_id):
            value = _docx_flag(style.find(_w("rPr")), names)
            if value is not None:
                return value
        return None

    def _is_heading(self, style_id) -> bool:
        for style in self._style_chain(style_id):
            name = style.find(_w("name"))
            name = (name.get(_w("val")) if name is not None else "").lower()
            ppr = style.find(_w("pPr"))
            if name.startswith(("heading", "title", "subtitle")) or (
                ppr is not None and ppr.find(_w("outlineLvl")) is not None
            ):
                return True
        return False

    def _list_of(self, ppr, style_id):
        """(kind, numId, ilvl) of a list paragraph, or None."""
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        if num_pr is None:
            for style in self._style_chain(style_id):
                style_ppr = style.find(_w("pPr"))
                num_pr = style_ppr.find(_w("numPr")) if style_ppr is not None else None
                if num_pr is not None:
                    break
        if num_pr is None:
            return None
        num_id = num_pr.find(_w("numId"))
        ilvl = num_pr.find(_w("ilvl"))
        num_id = num_id.get(_w("val")) if num_id is not None else None
        ilvl = ilvl.get(_w("val")) if ilvl is not None else "0"
        if num_id == "0":
            return None
        level = self._level(num_id, ilvl)
        fmt = level.get("fmt")
        if fmt is None:
            name = " ".join(
                (style.find(_w("name")).get(_w("val")) or "")
                for style in self._style_chain(style_id)
                if style.find(_w("name")) is not None
            )
            fmt = "decimal" if "Number" in name else "bullet"
        if fmt == "none":
            return None
        return ("bullet" if fmt == "bullet" else "number", num_id, ilvl, int(level.get("start") or 1))

    def _level(self, num_id, ilvl) -> dict:
        abstract_id, overrides = self.nums.get(num_id, ("", {}))
        return {**self.abstracts.get(abstract_id, {}).get(ilvl, {}), **overrides.get(ilvl, {})}

    def paragraph_lines(self, p, notices: set, counters: dict) -> list[Line]:
        ppr = p.find(_w("pPr"))
        style = ppr.find(_w("pStyle")) if ppr is not None else None
        style_id = style.get(_w("val")) if style is not None else None
        kind, number = "", 0
        listed = self._list_of(ppr, style_id)
        if listed is not None:
            kind, num_id, ilvl, start = listed
            if ilvl != "0":
                notices.add(NOTICE_LIST)
            if kind == "number":
                key = (num_id, ilvl)
                number = counters[key] = counters.get(key, start - 1) + 1
        heading = self._is_heading(style_id)
        if heading:
            notices.add(NOTICE_FORMATTING)
            style_id = None  # its bold or italics are the heading's look
        lines = [Line([], kind, number)]

        def shown_text():
            return "".join(r.text for line in lines for r in line.runs)

        def add(text, bold, italic, href):
            lines[-1].runs.append(Run(text, bold, italic, href))

        def run(r, href):
            rpr = r.find(_w("rPr"))
            rstyle = rpr.find(_w("rStyle")) if rpr is not None else None
            rstyle = rstyle.get(_w("val")) if rstyle is not None else None
            flags = []
            for names in (("b", "bCs"), ("i", "iCs")):
                value = _docx_flag(rpr, names)
                if value is None and rstyle:
                    value = self._style_flag(rstyle, names)
                if value is None and style_id:
                    value = self._style_flag(style_id, names)
                flags.append(bool(value))
            if not href and _docx_other_formatting(rpr):
                notices.add(NOTICE_FORMATTING)
            for child in r:
                tag = child.tag
                if tag == _w("t"):
                    add(child.text or "", *flags, href)
                elif tag == _w("tab"):
                    add("\t", *flags, href)
                elif tag == _w("noBreakHyphen"):
                    add("-", *flags, href)
                elif tag in (_w("br"), _w("cr")):
                    lines.append(Line())
                elif tag in (_w("drawing"), _w("pict"), _w("object")) or tag.endswith("}AlternateContent"):
                    notices.add(NOTICE_IMAGE)
                elif tag in (_w("footnoteReference"), _w("endnoteReference"), _w("commentReference")):
                    notices.add(NOTICE_NOTE)

        def walk(element, href):
            for child in element:
                tag = child.tag
                if not isinstance(tag, str) or tag == _w("pPr"):
                    continue
                if tag == _w("r"):
                    run(child, href)
                elif tag in (_w("del"), _w("moveFrom")):
                    notices.add(NOTICE_TRACKED)
                elif tag in (_w("ins"), _w("moveTo")):
                    notices.add(NOTICE_TRACKED)
                    walk(child, href)
                elif tag == _w("hyperlink"):
                    rel_id = child.get(_R_ID)
                    rel = self.rels.get(rel_id) if rel_id else None
                    address = rel.target_ref if rel is not None and rel.is_external else ""
                    if address and answer_text.link_allowed(address):
                        walk(child, address)
                    else:
                        start = len(shown_text())
                        walk(child, "")
                        shown = shown_text()[start:]
                        if address and address not in shown:
                            add(f" ({address})", False, False, "")
                        if address or child.get(_w("anchor")) is None:
                            notices.add(NOTICE_LINK)
                elif tag.endswith("}AlternateContent"):
                    notices.add(NOTICE_IMAGE)
                else:
                    walk(child, href)

        walk(p, "")
        return lines

    def cell_lines(self, tc, notices: set, counters: dict) -> list[Line]:
        lines = []
        for child in tc:
            if child.tag == _w("p"):
                lines += self.paragraph_lines(child, notices, counters)
            elif child.tag == _w("tbl"):
                notices.add(NOTICE_TABLE)
                for p in child.iter(_w("p")):
                    lines += self.paragraph_lines(p, notices, counters)
            elif child.tag in (_w("sdt"), _w("sdtContent"), _w("customXml")):
                lines += self.cell_lines(child, notices, counters)
        return lines

    def table_answer(self, table, key: str) -> ParsedAnswer:
        tbl = table._tbl
        notices: set[str] = set()
        if any(True for _nested in tbl.iterdescendants(_w("tbl"))):
            notices.add(NOTICE_TABLE)
        lines: list[Line] = []
        cells = [tc for tr in tbl.findall(_w("tr")) for tc in tr.findall(_w("tc"))]
        if len(cells) > 1:
            notices.add(NOTICE_TABLE)
        counters: dict = {}
        for tc in cells:
            lines += self.cell_lines(tc, notices, counters)
        return _parsed(key, lines, notices)


def _parsed(key: str, lines: list[Line], notices: set) -> ParsedAnswer:
    text, dropped = answer_text.lines_text(lines)
    if dropped:
        notices.add(NOTICE_FORMATTING)
    return ParsedAnswer(key, text, notices, plain="\n".join(line.plain for line in lines))


def read_docx(fileobj) -> ParsedFile:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(fileobj)
    reader = _DocxReader(document)
    parsed = ParsedFile(metadata=_docx_metadata(document), answers=[])
    pending = None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            match = KEY_PATTERN.fullmatch(block.text.strip())
            if match:
                if pending is not None:
                    parsed.keys_without_answer.append(pending)
                pending = match.group(0)
        elif isinstance(block, Table) and pending is not None:
            parsed.answers.append(reader.table_answer(block, pending))
            pending = None
    if pending is not None:
        parsed.keys_without_answer.append(pending)
    return parsed


# --- ODT ----------------------------------------------------------------------------------------


def write_odt(spec: ExportSpec) -> bytes:
    from odf import dc, meta, teletype
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TableColumnProperties, TableProperties, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    styles = {}

    def style(name, *, size=None, bold=False, italic=False, grey=False):
        for rtl in (False, True):
            text_props = {}
            if size:
                text_props |= {"fontsize": size, "fontsizecomplex": size, "fontsizeasian": size}
            if bold:
                text_props |= {"fontweight": "bold", "fontweightcomplex": "bold", "fontweightasian": "bold"}
            if italic:
                text_props |= {"fontstyle": "italic", "fontstylecomplex": "italic", "fontstyleasian": "italic"}
            if grey:
                text_props["color"] = "#808080"
            full = f"{name}{'_rtl' if rtl else ''}"
            st = Style(name=full, family="paragraph")
            st.addElement(
                ParagraphProperties(writingmode="rl-tb" if rtl else "lr-tb", textalign="start", marginbottom="0.15cm")
            )
            if text_props:
                st.addElement(TextProperties(**text_props))
            document.styles.addElement(st)
            styles[(name, rtl)] = st

    style("Checklist_Title", size="20pt", bold=True)
    style("Checklist_Heading_1", size="16pt", bold=True)
    style("Checklist_Heading_2", size="13pt", bold=True)
    style("Checklist_Heading_3", size="11pt", bold=True)
    style("Checklist_Body")
    style("Checklist_Guidance", italic=True)
    style("Checklist_Key", size="7pt", grey=True)
    table_style = Style(name="Checklist_Answer_Table", family="table")
    table_style.addElement(TableProperties(width="16cm", align="margins"))
    document.automaticstyles.addElement(table_style)
    column_style = Style(name="Checklist_Answer_Column", family="table-column")
    column_style.addElement(TableColumnProperties(columnwidth="16cm"))
    document.automaticstyles.addElement(column_style)
    cell_style = Style(name="Checklist_Answer_Cell", family="table-cell")
    from odf.style import TableCellProperties

    cell_style.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    document.automaticstyles.addElement(cell_style)
    answer_styles = _odt_answer_styles(document)

    def para(text, name="Checklist_Body", rtl=None):
        rtl = _first_strong_is_rtl(text, spec.rtl) if rtl is None else rtl
        p = P(stylename=styles[(name, rtl)])
        teletype.addTextToElement(p, text)
        return p

    def heading(text, level, name):
        h = H(stylename=styles[(name, spec.rtl)], outlinelevel=level)
        teletype.addTextToElement(h, text)
        document.text.addElement(h)

    body = document.text
    heading(spec.title, 1, "Checklist_Title")
    body.addElement(para(spec.subtitle, rtl=spec.rtl))
    bullets = List()
    for line in spec.instructions:
        item = ListItem()
        item.addElement(para(f"• {line}", rtl=spec.rtl))
        bullets.addElement(item)
    body.addElement(bullets)
    count = 0
    for section in spec.sections:
        heading(section.title, 1, "Checklist_Heading_1")
        for article in section.articles:
            heading(article.heading, 2, "Checklist_Heading_2")
            if article.guidance:
                body.addElement(para(article.guidance, "Checklist_Guidance", spec.rtl))
            for fact in article.facts:
                body.addElement(para(fact, rtl=spec.rtl))
            for question in article.questions:
                count += 1
                heading(question.label, 3, "Checklist_Heading_3")
                body.addElement(para(question.key, "Checklist_Key", False))
                table = Table(name=f"Answer{count}", stylename=table_style)
                table.addElement(TableColumn(stylename=column_style))
                row = TableRow()
                cell = TableCell(valuetype="string", stylename=cell_style)
                _odt_answer(
                    cell,
                    _question_lines(question.text, question.markdown),
                    answer_styles,
                    lambda text: styles[("Checklist_Body", _first_strong_is_rtl(text, spec.rtl))],
                )
                row.addElement(cell)
                table.addElement(row)
                body.addElement(table)

    document.meta.addElement(dc.Title(text=spec.title))
    document.meta.addElement(dc.Subject(text=spec.subtitle))
    document.meta.addElement(dc.Language(text=spec.language))
    if spec.created is not None:
        document.meta.addElement(meta.CreationDate(text=spec.created.strftime("%Y-%m-%dT%H:%M:%S")))
    document.meta.addElement(meta.Keyword(text="reviewmech"))
    document.meta.addElement(
        meta.UserDefined(name=META_PROPERTY, valuetype="string", text=json.dumps(spec.metadata, sort_keys=True))
    )
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _odt_answer_styles(document) -> dict:
    """The automatic styles of an answer's formatting: bold, italic, both; the two lists."""
    from odf.style import ListLevelProperties, Style, TextProperties
    from odf.text import ListLevelStyleBullet, ListLevelStyleNumber, ListStyle

    styles = {}
    for name, bold, italic in (
        ("Answer_Bold", True, False),
        ("Answer_Italic", False, True),
        ("Answer_Both", True, True),
    ):
        st = Style(name=name, family="text")
        props = {}
        if bold:
            props |= {"fontweight": "bold", "fontweightcomplex": "bold", "fontweightasian": "bold"}
        if italic:
            props |= {"fontstyle": "italic", "fontstylecomplex": "italic", "fontstyleasian": "italic"}
        st.addElement(TextProperties(**props))
        document.automaticstyles.addElement(st)
        styles[(bold, italic)] = st
    bullet = ListStyle(name="Answer_Bullets")
    level = ListLevelStyleBullet(level=1, bulletchar="•")
    level.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.5cm"))
    bullet.addElement(level)
    document.automaticstyles.addElement(bullet)
    numbers = ListStyle(name="Answer_Numbers")
    level = ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
    level.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.6cm"))
    numbers.addElement(level)
    document.automaticstyles.addElement(numbers)
    styles["bullet"], styles["number"] = bullet, numbers
    return styles


def _odt_answer(cell, lines: list[Line], styles: dict, paragraph_style) -> None:
    """An answer in its cell: a paragraph per line, a list per run of list lines of one kind
    (a numbered list starting at its first number), spans for bold and italics, links."""
    from odf import teletype
    from odf.text import A, List, ListItem, P, S, Span

    current_list, previous = None, None
    for line in lines:
        p = P(stylename=paragraph_style(line.plain))
        link = None
        runs = answer_text.merge_runs(line.runs)
        for run in runs:
            if not run.href:
                link = None
                target = p
            else:
                if link is None or link.getAttribute("href") != run.href:
                    link = A(href=run.href, type="simple")
                    p.addElement(link)
                target = link
            if run.bold or run.italic:
                span = Span(stylename=styles[(run.bold, run.italic)])
                target.addElement(span)
                target = span
            # Spaces at the start or the end of a paragraph are dropped unless written as <text:s>.
            text = run.text
            if run is runs[0] and text.startswith(" "):
                target.addElement(S(c=len(text) - len(text.lstrip(" "))))
                text = text.lstrip(" ")
            tail = len(text) - len(text.rstrip(" ")) if run is runs[-1] else 0
            teletype.addTextToElement(target, text[: len(text) - tail] if tail else text)
            if tail:
                target.addElement(S(c=tail))
        if not line.kind:
            current_list = None
            cell.addElement(p)
        else:
            if current_list is None or previous is None or previous.kind != line.kind:
                current_list = List(stylename=styles[line.kind])
                cell.addElement(current_list)
                item = ListItem(startvalue=str(line.number)) if line.kind == "number" else ListItem()
            else:
                item = ListItem()
            item.addElement(p)
            current_list.addElement(item)
        previous = line


_ODT_BOLD = ("bold", "600", "700", "800", "900")


class _OdtReader:
    """Reads answer cells as lines of runs, with the document's text, paragraph and list styles."""

    def __init__(self, document):
        from odf.namespaces import FONS, STYLENS
        from odf.style import Style, TextProperties
        from odf.text import ListStyle

        #: style name → (bold, italic, other formatting, parent, list style, heading)
        self.styles: dict[str, tuple] = {}
        self.lists: dict[str, dict[int, tuple[str, int]]] = {}
        for container in (document.styles, document.automaticstyles):
            for st in container.getElementsByType(Style):
                bold = italic = None
                other = False
                for props in st.getElementsByType(TextProperties):
                    a = props.attributes
                    weights = [a.get((FONS, "font-weight")), a.get((STYLENS, "font-weight-complex"))]
                    styles_ = [a.get((FONS, "font-style")), a.get((STYLENS, "font-style-complex"))]
                    if any(w is not None for w in weights):
                        bold = any(w in _ODT_BOLD for w in weights)
                    if any(v is not None for v in styles_):
                        italic = any(v in ("italic", "oblique") for v in styles_)
                    other = other or (
                        a.get((STYLENS, "text-underline-style"), "none") != "none"
                        or a.get((STYLENS, "text-line-through-style"), "none") != "none"
                        or a.get((FONS, "color"), "#000000").lower() not in ("#000000",)
                        or a.get((FONS, "background-color"), "transparent") != "transparent"
                        or a.get((STYLENS, "text-position"), "0%").split()[0] not in ("0%", "0")
                    )
                name = st.getAttrNS(STYLENS, "name")
                self.styles[name] = (
                    bold,
                    italic,
                    other,
                    st.getAttrNS(STYLENS, "parent-style-name"),
                    st.getAttrNS(STYLENS, "list-style-name"),
                    st.getAttrNS(STYLENS, "default-outline-level") is not None
                    or (name or "").lower().startswith(("heading", "title", "subtitle")),
                )
            for st in container.getElementsByType(ListStyle):
                self.lists[st.getAttrNS(STYLENS, "name")] = self._list_levels(st)

    @staticmethod
    def _list_levels(list_style) -> dict:
        from odf.element import Node
        from odf.namespaces import STYLENS, TEXTNS

        levels = {}
        for node in list_style.childNodes:
            if node.nodeType != Node.ELEMENT_NODE:
                continue
            level = int(node.getAttrNS(TEXTNS, "level") or 1)
            if node.qname[1] == "list-level-style-number":
                if node.getAttrNS(STYLENS, "num-format"):
                    levels[level] = ("number", int(node.getAttrNS(TEXTNS, "start-value") or 1))
                else:
                    levels[level] = ("", 1)
            elif node.qname[1] == "list-level-style-bullet":
                levels[level] = ("bullet", 1)
        return levels

    def _chain(self, name):
        seen = set()
        while name and name in self.styles and name not in seen:
            seen.add(name)
            yield self.styles[name]
            name = self.styles[name][3]

    def _flag(self, name, index):
        for style in self._chain(name):
            if style[index] is not None:
                return style[index]
        return None

    def _other(self, name) -> bool:
        return any(style[2] for style in self._chain(name))

    def _heading(self, name) -> bool:
        return any(style[5] for style in self._chain(name))

    def _paragraph_list_style(self, name):
        for style in self._chain(name):
            if style[4]:
                return style[4]
        return None

    def paragraph_lines(self, p, notices: set, kind: str = "", number: int = 0) -> list[Line]:
        from odf.element import Node
        from odf.namespaces import DRAWNS, OFFICENS, TEXTNS, XLINKNS

        lines = [Line([], kind, number)]
        style = p.getAttrNS(TEXTNS, "style-name")
        if p.qname[1] == "h" or self._heading(style):
            notices.add(NOTICE_FORMATTING)
            base = (False, False)
        else:
            base = (bool(self._flag(style, 0)), bool(self._flag(style, 1)))
            if self._other(style):
                notices.add(NOTICE_FORMATTING)

        def shown_text():
            return "".join(r.text for line in lines for r in line.runs)

        def walk(element, flags, href):
            for node in element.childNodes:
                if node.nodeType == Node.TEXT_NODE:
                    lines[-1].runs.append(Run(node.data, *flags, href))
                    continue
                if node.nodeType != Node.ELEMENT_NODE:
                    continue
                ns, name = node.qname
                if ns == TEXTNS and name == "s":
                    lines[-1].runs.append(Run(" " * int(node.getAttrNS(TEXTNS, "c") or 1), *flags, href))
                elif ns == TEXTNS and name == "tab":
                    lines[-1].runs.append(Run("\t", *flags, href))
                elif ns == TEXTNS and name == "line-break":
                    lines.append(Line())
                elif ns == TEXTNS and name in ("note", "tracked-changes"):
                    notices.add(NOTICE_NOTE)
                elif ns == TEXTNS and name == "span":
                    span_style = node.getAttrNS(TEXTNS, "style-name")
                    bold, italic = self._flag(span_style, 0), self._flag(span_style, 1)
                    if not href and self._other(span_style):
                        notices.add(NOTICE_FORMATTING)
                    walk(
                        node,
                        (flags[0] if bold is None else bold, flags[1] if italic is None else italic),
                        href,
                    )
                elif ns == TEXTNS and name == "a":
                    address = node.getAttrNS(XLINKNS, "href") or ""
                    if answer_text.link_allowed(address):
                        walk(node, flags, address)
                    else:
                        start = len(shown_text())
                        walk(node, flags, "")
                        if address and address not in shown_text()[start:]:
                            lines[-1].runs.append(Run(f" ({address})"))
                        notices.add(NOTICE_LINK)
                elif ns == DRAWNS:
                    notices.add(NOTICE_IMAGE)
                elif ns == OFFICENS and name in ("annotation", "annotation-end"):
                    notices.add(NOTICE_NOTE)
                else:
                    walk(node, flags, href)

        walk(p, base, "")
        return lines

    def cell_lines(self, element, notices: set, counters: dict, level: int = 0, list_style=None) -> list[Line]:
        from odf.element import Node
        from odf.namespaces import TABLENS, TEXTNS

        lines = []
        for node in element.childNodes:
            if node.nodeType != Node.ELEMENT_NODE:
                continue
            ns, name = node.qname
            if ns == TEXTNS and name in ("p", "h"):
                lines += self.paragraph_lines(node, notices)
            elif ns == TEXTNS and name == "list":
                lines += self._list_lines(node, notices, counters, level + 1, list_style)
            elif ns == TABLENS and name == "table":
                notices.add(NOTICE_TABLE)
                lines += self.cell_lines(node, notices, counters, level, list_style)
            elif ns == TABLENS and name == "covered-table-cell":
                continue
            else:
                lines += self.cell_lines(node, notices, counters, level, list_style)
        return lines

    def _list_lines(self, node, notices, counters, level, inherited) -> list[Line]:
        from odf.element import Node
        from odf.namespaces import TEXTNS

        if level > 1:
            notices.add(NOTICE_LIST)
        style = node.getAttrNS(TEXTNS, "style-name") or inherited
        if not style:
            first = next(iter(node.getElementsByType(_odt_p())), None)
            style = self._paragraph_list_style(first.getAttrNS(TEXTNS, "style-name")) if first is not None else None
        kind, start = self.lists.get(style, {}).get(level, self.lists.get(style, {}).get(1, ("bullet", 1)))
        key = (style, level)
        if node.getAttrNS(TEXTNS, "continue-numbering") != "true" and not node.getAttrNS(TEXTNS, "continue-list"):
            counters[key] = start - 1
        counters.setdefault(key, start - 1)
        lines = []
        for item in node.childNodes:
            if item.nodeType != Node.ELEMENT_NODE or item.qname[0] != TEXTNS:
                continue
            header = item.qname[1] == "list-header"
            if item.qname[1] not in ("list-item", "list-header"):
                continue
            if not header and kind == "number":
                value = item.getAttrNS(TEXTNS, "start-value")
                counters[key] = int(value) if value and value.isdigit() else counters[key] + 1
            first = not header and bool(kind)
            for child in item.childNodes:
                if child.nodeType != Node.ELEMENT_NODE:
                    continue
                if child.qname == (TEXTNS, "list"):
                    lines += self._list_lines(child, notices, counters, level + 1, style)
                elif child.qname[0] == TEXTNS and child.qname[1] in ("p", "h"):
                    if first:
                        lines += self.paragraph_lines(child, notices, kind, counters[key] if kind == "number" else 0)
                        first = False
                    else:
                        lines += self.paragraph_lines(child, notices)
                else:
                    lines += self.cell_lines(child, notices, counters, level, style)
        return lines


def _odt_p():
    from odf.text import P

    return P


def read_odt(fileobj) -> ParsedFile:
    from odf import meta
    from odf.element import Node
    from odf.namespaces import METANS, TABLENS, TEXTNS
    from odf.opendocument import load

    document = load(fileobj)
    metadata = None
    for prop in document.meta.getElementsByType(meta.UserDefined):
        if prop.getAttrNS(METANS, "name") == META_PROPERTY:
            metadata = _load_metadata("".join(n.data for n in prop.childNodes if n.nodeType == Node.TEXT_NODE))
    reader = _OdtReader(document)
    parsed = ParsedFile(metadata=metadata, answers=[])
    state = {"pending": None}

    def blocks(element):
        for node in element.childNodes:
            if node.nodeType != Node.ELEMENT_NODE:
                continue
            ns, name = node.qname
            if ns == TEXTNS and name in ("p", "h"):
                shown = "".join(line.plain for line in reader.paragraph_lines(node, set()))
                match = KEY_PATTERN.fullmatch(shown.strip())
                if match:
                    if state["pending"] is not None:
                        parsed.keys_without_answer.append(state["pending"])
                    state["pending"] = match.group(0)
            elif ns == TABLENS and name == "table":
                if state["pending"] is not None:
                    notices: set[str] = set()
                    cells = _odt_direct_cells(node)
                    if len(cells) > 1:
                        notices.add(NOTICE_TABLE)
                    lines: list[Line] = []
                    counters: dict = {}
                    for cell in cells or [node]:
                        lines += reader.cell_lines(cell, notices, counters)
                    parsed.answers.append(_parsed(state["pending"], lines, notices))
                    state["pending"] = None
            elif ns == TEXTNS and name in ("section", "list", "list-item"):
                blocks(node)

    blocks(document.text)
    if state["pending"] is not None:
        parsed.keys_without_answer.append(state["pending"])
    return parsed


def _odt_direct_cells(table) -> list:
    """The cells of ``table`` itself (not of tables nested in them), row by row."""
    from odf.element import Node
    from odf.namespaces import TABLENS

    cells = []
    for node in table.childNodes:
        if node.nodeType != Node.ELEMENT_NODE or node.qname[0] != TABLENS:
            continue
        name = node.qname[1]
        if name == "table-row":
            cells += [
                c for c in node.childNodes if c.nodeType == Node.ELEMENT_NODE and c.qname == (TABLENS, "table-cell")
            ]
        elif name in ("table-header-rows", "table-rows", "table-row-group"):
            cells += _odt_direct_cells(node)
    return cells
