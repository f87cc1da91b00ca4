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

#: The name of the document property holding the export's facts (JSON).
META_PROPERTY = "reviewmech-checklist"

KEY_PATTERN = re.compile(r"\[Q-(\d+)-(\d+)-([a-z_]+)\]")

#: What a file held that plain text cannot keep (shown in the preview).
NOTICE_FORMATTING = "formatting"
NOTICE_LIST = "list"
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
    text: str
    notices: set[str] = field(default_factory=set)


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
    for run in paragraph.runs:
        run.font.rtl = True


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
                cell = table.cell(0, 0)
                for index, line in enumerate(answer_lines(question.text)):
                    if index == 0:
                        p = cell.paragraphs[0]
                        if line:
                            p.add_run(line)
                    else:
                        p = cell.add_paragraph(line)
                    if _first_strong_is_rtl(line, spec.rtl):
                        _docx_bidi(p)

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


def _docx_paragraph_text(p, rels, notices: set) -> str:
    out: list[str] = []

    def walk(element):
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == _w("t"):
                out.append(child.text or "")
            elif tag == _w("tab"):
                out.append("\t")
            elif tag in (_w("br"), _w("cr")):
                out.append("\n")
            elif tag in (_w("del"), _w("moveFrom")):
                notices.add(NOTICE_TRACKED)
            elif tag in (_w("ins"), _w("moveTo")):
                notices.add(NOTICE_TRACKED)
                walk(child)
            elif tag in (_w("drawing"), _w("pict"), _w("object")):
                notices.add(NOTICE_IMAGE)
            elif tag in (_w("footnoteReference"), _w("endnoteReference"), _w("commentReference")):
                notices.add(NOTICE_NOTE)
            elif tag == _w("pPr"):
                continue
            elif tag == _w("rPr"):
                for name in ("b", "i", "u", "strike", "highlight"):
                    flag = child.find(_w(name))
                    if flag is not None and (flag.get(_w("val")) or "on").lower() not in _OFF:
                        notices.add(NOTICE_FORMATTING)
            elif tag == _w("hyperlink"):
                start = len(out)
                walk(child)
                rel_id = child.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                rel = rels.get(rel_id) if rel_id else None
                address = rel.target_ref if rel is not None and rel.is_external else ""
                if address and address not in "".join(out[start:]):
                    out.append(f" ({address})")
                notices.add(NOTICE_LINK)
            else:
                walk(child)

    walk(p)
    text = "".join(out)
    ppr = p.find(_w("pPr"))
    style = ppr.find(_w("pStyle")) if ppr is not None else None
    if (ppr is not None and ppr.find(_w("numPr")) is not None) or (
        style is not None and (style.get(_w("val")) or "").startswith("List")
    ):
        notices.add(NOTICE_LIST)
        text = f"- {text}"
    return text


def _docx_table_text(table, rels, notices: set) -> str:
    tbl = table._tbl
    if any(True for _nested in tbl.iterdescendants(_w("tbl"))):
        notices.add(NOTICE_TABLE)
    lines = []
    seen = set()
    for tc in tbl.iter(_w("tc")):
        if id(tc) in seen:
            continue
        seen.add(id(tc))
        for p in tc.findall(_w("p")):
            lines.append(_docx_paragraph_text(p, rels, notices))
        for nested in tc.findall(_w("tbl")):
            for p in nested.iter(_w("p")):
                lines.append(_docx_paragraph_text(p, rels, notices))
    if len(seen) > 1:
        notices.add(NOTICE_TABLE)
    return "\n".join(lines)


def read_docx(fileobj) -> ParsedFile:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(fileobj)
    rels = document.part.rels
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
            notices: set[str] = set()
            text = _docx_table_text(block, rels, notices)
            parsed.answers.append(ParsedAnswer(pending, text, notices))
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
                for line in answer_lines(question.text):
                    cell.addElement(para(line))
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


def _odt_formatted_styles(document) -> set[str]:
    """The names of the styles that make text bold, italic, underlined or struck out."""
    from odf.namespaces import FONS, STYLENS
    from odf.style import Style, TextProperties

    names = set()
    for container in (document.automaticstyles, document.styles):
        for st in container.getElementsByType(Style):
            for props in st.getElementsByType(TextProperties):
                attributes = props.attributes
                if (
                    attributes.get((FONS, "font-weight")) in ("bold", "600", "700", "800", "900")
                    or attributes.get((FONS, "font-style")) in ("italic", "oblique")
                    or attributes.get((STYLENS, "text-underline-style"), "none") != "none"
                    or attributes.get((STYLENS, "text-line-through-style"), "none") != "none"
                ):
                    names.add(st.getAttrNS(STYLENS, "name"))
    return names


def _odt_paragraph_text(p, formatted: set[str], notices: set) -> str:
    from odf.element import Node
    from odf.namespaces import DRAWNS, OFFICENS, TEXTNS, XLINKNS

    out: list[str] = []

    def walk(element):
        for node in element.childNodes:
            if node.nodeType == Node.TEXT_NODE:
                out.append(node.data)
                continue
            if node.nodeType != Node.ELEMENT_NODE:
                continue
            ns, name = node.qname
            if ns == TEXTNS and name == "s":
                out.append(" " * int(node.getAttrNS(TEXTNS, "c") or 1))
            elif ns == TEXTNS and name == "tab":
                out.append("\t")
            elif ns == TEXTNS and name == "line-break":
                out.append("\n")
            elif ns == TEXTNS and name in ("note", "tracked-changes"):
                notices.add(NOTICE_NOTE)
            elif ns == TEXTNS and name == "span":
                if node.getAttrNS(TEXTNS, "style-name") in formatted:
                    notices.add(NOTICE_FORMATTING)
                walk(node)
            elif ns == TEXTNS and name == "a":
                start = len(out)
                walk(node)
                address = node.getAttrNS(XLINKNS, "href") or ""
                if address and address not in "".join(out[start:]):
                    out.append(f" ({address})")
                notices.add(NOTICE_LINK)
            elif ns == DRAWNS:
                notices.add(NOTICE_IMAGE)
            elif ns == OFFICENS and name in ("annotation", "annotation-end"):
                notices.add(NOTICE_NOTE)
            else:
                walk(node)

    if p.getAttrNS(TEXTNS, "style-name") in formatted:
        notices.add(NOTICE_FORMATTING)
    walk(p)
    return "".join(out)


def _odt_cell_lines(element, formatted, notices, in_list=False) -> list[str]:
    from odf.element import Node
    from odf.namespaces import TABLENS, TEXTNS

    lines = []
    for node in element.childNodes:
        if node.nodeType != Node.ELEMENT_NODE:
            continue
        ns, name = node.qname
        if ns == TEXTNS and name in ("p", "h"):
            text = _odt_paragraph_text(node, formatted, notices)
            lines.append(f"- {text}" if in_list else text)
        elif ns == TEXTNS and name in ("list", "list-item", "list-header"):
            notices.add(NOTICE_LIST)
            lines += _odt_cell_lines(node, formatted, notices, in_list=True)
        elif ns == TABLENS and name == "table":
            notices.add(NOTICE_TABLE)
            lines += _odt_cell_lines(node, formatted, notices)
        elif ns == TABLENS and name == "covered-table-cell":
            continue
        else:
            lines += _odt_cell_lines(node, formatted, notices, in_list)
    return lines


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
    formatted = _odt_formatted_styles(document)
    parsed = ParsedFile(metadata=metadata, answers=[])
    state = {"pending": None}

    def blocks(element):
        for node in element.childNodes:
            if node.nodeType != Node.ELEMENT_NODE:
                continue
            ns, name = node.qname
            if ns == TEXTNS and name in ("p", "h"):
                match = KEY_PATTERN.fullmatch(_odt_paragraph_text(node, formatted, set()).strip())
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
                    lines = []
                    for cell in cells or [node]:
                        lines += _odt_cell_lines(cell, formatted, notices)
                    parsed.answers.append(ParsedAnswer(state["pending"], "\n".join(lines), notices))
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
