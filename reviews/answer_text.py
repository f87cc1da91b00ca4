"""The text of a checklist answer: plain text with a small Markdown subset, so that what a
State writes keeps its shape on the page, in the PDF and through the DOCX/ODT round trip.

The subset: paragraphs (a blank line), line breaks (every new line), bullet lists (``- `` or
``* ``), numbered lists (``1. ``), ``**bold**``, ``*italics*`` (or ``_italics_``), links
``[text](https://…)`` and bare ``https://`` addresses. Nothing else is read as formatting:
HTML, headings, quotes, code and images stay the characters they are.

Two views of a text:

- :func:`answer_html`: safe HTML for the pages and the PDFs (markdown-it-py, with raw HTML
  off and only the rules of the subset on, then nh3 with an allow-list);
- :func:`text_lines` / :func:`lines_text`: the text as lines of runs (bold, italics, link),
  which the office files write and read. A line is a paragraph of the file; a list line is a
  list paragraph. ``lines_text(text_lines(text))`` is the text's :func:`canonical` form: the
  same meaning, written one way (``- `` bullets, numbers counted from the first, ``*`` for
  italics, escapes only where they are needed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe

#: The only addresses a link may have.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")

_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a"}
_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}

#: A list line as the subset reads it: the marker, at least one space, the item's text.
BULLET = re.compile(r"^([-*+])[ \t]+(.*)$", re.DOTALL)
NUMBER = re.compile(r"^(\d{1,9})([.)])[ \t]+(.*)$", re.DOTALL)


def link_allowed(url: str) -> bool:
    """Only absolute http, https and mailto addresses."""
    match = _SCHEME.match((url or "").strip())
    return bool(match) and match.group(1).lower() in LINK_SCHEMES


#: Chinese, Japanese and Korean characters (ideographs, kana, hangul, their punctuation and
#: full-width forms): scripts written without spaces between words.
_CJK = re.compile(
    "[\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)


def _cjk_parser_inline():
    """markdown-it's inline parser, with emphasis that works in Chinese, Japanese and Korean.

    CommonMark lets ``**`` open or close only where the emphasis meets a space or punctuation
    in a certain way (``由**《法》**实施`` is not bold: ``》`` then ``实``), which these
    scripts, written without spaces, rarely satisfy. Next to one of their characters a run of
    ``*`` or ``_`` counts here as next to punctuation (the idea of markdown-it-cjk-friendly,
    reduced to that); elsewhere the rule is CommonMark's, unchanged."""
    from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
    from markdown_it.parser_inline import ParserInline
    from markdown_it.rules_inline.state_inline import Scanned, StateInline

    def punctuation(char: str) -> bool:
        return isMdAsciiPunct(ord(char)) or isPunctChar(char) or bool(_CJK.match(char))

    class CJKStateInline(StateInline):
        def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:
            end = start
            while end < self.posMax and self.src[end] == self.src[start]:
                end += 1
            before = self.src[start - 1] if start > 0 else " "  # a line's edges count as spaces
            after = self.src[end] if end < self.posMax else " "
            before_punct, after_punct = punctuation(before), punctuation(after)
            before_space, after_space = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
            left = not (after_space or (after_punct and not (before_space or before_punct)))
            right = not (before_space or (before_punct and not (after_space or after_punct)))
            return Scanned(
                left and (canSplitWord or not right or before_punct),
                right and (canSplitWord or not left or after_punct),
                end - start,
            )

    class CJKParserInline(ParserInline):
        def parse(self, src, md, env, tokens):
            state = CJKStateInline(src, md, env, tokens)
            self.tokenize(state)
            for rule in self.ruler2.getRules(""):
                rule(state)
            return state.tokens

    return CJKParserInline()


@lru_cache(maxsize=1)
def parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero", {"html": False, "breaks": True, "linkify": True, "typographer": False})
    inline = _cjk_parser_inline()
    inline.ruler, inline.ruler2 = md.inline.ruler, md.inline.ruler2  # the preset's rules, as set
    md.inline = inline
    md.enable(["list", "emphasis", "link", "linkify", "escape", "newline"])
    # Bare addresses only with their scheme: no "www.…", no e-mail addresses without mailto:.
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
    md.validateLink = link_allowed
    return md


def canonical_href(url: str) -> str:
    """A link's address written one way: percent-encoded as the parser encodes it, "/" for an
    empty path (word processors add it)."""
    url = parser().normalizeLink((url or "").strip())
    return re.sub(r"^(https?://[^/?#]+)(?=[?#]|$)", r"\1/", url, flags=re.IGNORECASE)


def _attribute_filter(tag, attribute, value):
    if tag == "a" and attribute == "href":
        return value if link_allowed(value) else None
    if tag == "ol" and attribute == "start":
        return value if value.isdigit() else None
    return value


#: What may make a text more than paragraphs and lines: emphasis, links, escapes, addresses
#: (linkify needs "//" or "mailto:"), carriage returns, tabs and other control characters,
#: and spaces other than the plain space (the parser trims some at the edges of a paragraph).
_MAYBE_FORMATTED = re.compile(r"[*_\[\]\\]|//|mailto:|[\x00-\x09\x0b-\x1f\x7f]|[^\S \n]", re.IGNORECASE)
#: A line that starts a list item.
_LIST_START = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def _plain_html(text: str) -> str | None:
    """The HTML of a text with no formatting at all (most answers), as the parser and nh3
    would write it, without them (they cost about half a millisecond a text; a checklist page
    shows dozens); None when the text may hold formatting or spacing the parser reads."""
    if _MAYBE_FORMATTED.search(text):
        return None
    paragraphs, current = [], []
    for line in text.split("\n"):
        line = line.rstrip(" ")  # spaces that end a line are dropped (two or more: a break, as every new line)
        if not line:
            if current:
                paragraphs.append(current)
                current = []
            continue
        if line[0] == " " or _LIST_START.match(line):
            return None
        current.append(line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    if current:
        paragraphs.append(current)
    return "\n".join("<p>" + "<br>\n".join(lines) + "</p>" for lines in paragraphs)


def answer_html(text: str | None) -> SafeString:
    """The answer as safe HTML: ``<p>``, ``<br>``, lists, ``<strong>``, ``<em>`` and links to
    http, https or mailto addresses (``rel="noopener nofollow"``). Everything else the text
    holds is shown as the characters typed."""
    if not text or not text.strip():
        return mark_safe("")
    plain = _plain_html(text)
    if plain is not None:
        return mark_safe(plain)  # noqa: S308 - every character escaped above
    return _formatted_html(text)


def _formatted_html(text: str) -> SafeString:
    html = parser().render(text)
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener nofollow",
        attribute_filter=_attribute_filter,
        strip_comments=True,
    )
    return mark_safe(cleaned.strip())  # noqa: S308 - cleaned by nh3 with an allow-list


# --- Lines of runs (the office files) -----------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting. ``auto``: a bare address the parser made a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""
    auto: bool = field(default=False, compare=False)


@dataclass
class Line:
    """One line of the text: ``kind`` is "" (text), "bullet" or "number" (with its number)."""

    runs: list[Run] = field(default_factory=list)
    kind: str = ""
    number: int = 0

    @property
    def plain(self) -> str:
        return "".join(run.text for run in self.runs)


def merge_runs(runs) -> list[Run]:
    """Neighbouring runs of the same formatting as one, empty runs dropped; bold and italics
    neither start nor end with a space (Markdown cannot write that): a space at the edge of a
    bold or italic stretch is plain."""
    runs = [run for run in runs if run.text]
    out: list[Run] = []
    for index, run in enumerate(runs):
        if not (run.bold or run.italic):
            _append(out, run)
            continue
        before = runs[index - 1] if index else None
        after = runs[index + 1] if index + 1 < len(runs) else None
        body = run.text.strip()
        if not body:
            # Only spaces: formatted only inside a stretch formatted on both sides.
            _append(out, _edge(_edge(run, before), after))
            continue
        start = run.text.index(body[0])
        head, tail = run.text[:start], run.text[start + len(body) :]
        _append(out, _edge(replace(run, text=head), before))
        _append(out, replace(run, text=body))
        _append(out, _edge(replace(run, text=tail), after))
    return out


def _edge(run: Run, neighbour: Run | None) -> Run:
    """Spaces at the edge of ``run`` keep only the formatting ``neighbour`` shares."""
    return replace(
        run,
        bold=run.bold and neighbour is not None and neighbour.bold and neighbour.href == run.href,
        italic=run.italic and neighbour is not None and neighbour.italic and neighbour.href == run.href,
    )


def _append(out, run):
    if not run.text:
        return
    if out and (out[-1].bold, out[-1].italic, out[-1].href) == (run.bold, run.italic, run.href):
        out[-1] = replace(out[-1], text=out[-1].text + run.text, auto=out[-1].auto and run.auto)
    else:
        out.append(run)


def inline_runs(source: str) -> list[Run]:
    """The runs of one line of Markdown."""
    tokens = parser().parseInline(source)
    runs: list[Run] = []
    bold = italic = 0
    href, auto = "", False
    for token in tokens[0].children if tokens else []:
        kind = token.type
        if kind in ("text", "text_special"):
            runs.append(Run(token.content, bold > 0, italic > 0, href, auto))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run("\n", bold > 0, italic > 0, href, auto))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href, auto = canonical_href(token.attrGet("href") or ""), token.info == "auto"
        elif kind == "link_close":
            href, auto = "", False
        elif token.content:
            runs.append(Run(token.content, bold > 0, italic > 0, href, auto))
    return merge_runs(runs)


def text_lines(text: str | None) -> list[Line]:
    """The text as lines: a list line keeps its kind (numbers counted on from the first of
    each run of numbered lines), every line its runs."""
    lines: list[Line] = []
    source_lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for source in source_lines:
        bullet, number = BULLET.match(source), NUMBER.match(source)
        if bullet:
            line = Line(inline_runs(bullet.group(2)), "bullet")
        elif number:
            previous = lines[-1] if lines else None
            counted = previous.number + 1 if previous is not None and previous.kind == "number" else None
            line = Line(inline_runs(number.group(3)), "number", counted or int(number.group(1)))
        else:
            line = Line(inline_runs(source))
        lines.append(line)
    return lines


def _escape(text: str) -> str:
    return re.sub(r"([\\*_\[\]])", r"\\\1", text)


def _chars(runs):
    out = []
    for run in runs:
        for char in run.text:
            out.append((char, run.bold, run.italic, run.href, run.auto))
    return out


def _same(wanted: list[Run], got: list[Run]) -> bool:
    """``got`` (the runs a serialised line parses back to) means what ``wanted`` shows: the same
    characters, bold, italics and links — a bare address becoming a link is no difference."""
    a, b = _chars(wanted), _chars(got)
    if len(a) != len(b):
        return False
    for (ca, ba, ia, ha, _auto), (cb, bb, ib, hb, auto_b) in zip(a, b, strict=True):
        if (ca, ba, ia) != (cb, bb, ib):
            return False
        if ha != hb and canonical_href(ha) != canonical_href(hb) and not (not ha and auto_b):
            return False
    return True


def _emphasis(runs: list[Run], italic_mark: str, escape: bool) -> str:
    out: list[str] = []
    stack: list[str] = []  # the markers open, outermost first
    for index, run in enumerate(runs):
        wanted = (["bold"] if run.bold else []) + (["italic"] if run.italic else [])
        while stack and any(mark not in wanted for mark in stack):
            out.append("**" if stack.pop() == "bold" else italic_mark)
        # The mark that lasts longer opens first (outside).
        wanted.sort(key=lambda mark: -_extent(runs, index, mark))
        for mark in wanted:
            if mark not in stack:
                stack.append(mark)
                out.append("**" if mark == "bold" else italic_mark)
        out.append(_escape(run.text) if escape else run.text)
    while stack:
        out.append("**" if stack.pop() == "bold" else italic_mark)
    return "".join(out)


def _extent(runs: list[Run], index: int, mark: str) -> int:
    count = 0
    while index + count < len(runs) and getattr(runs[index + count], mark):
        count += 1
    return count


def _destination(href: str) -> str:
    if re.search(r"[\s()<>]", href):
        return "<" + re.sub(r"[<>\s]", lambda m: f"%{ord(m.group()):02X}", href) + ">"
    return href


def _inline(runs: list[Run], italic_mark: str, escape: bool, bare: bool) -> str:
    out: list[str] = []
    index = 0
    while index < len(runs):
        run = runs[index]
        if not run.href:
            end = index
            while end < len(runs) and not runs[end].href:
                end += 1
            out.append(_emphasis(runs[index:end], italic_mark, escape))
            index = end
            continue
        end = index
        while end < len(runs) and runs[end].href == run.href:
            end += 1
        group = runs[index:end]
        label = "".join(r.text for r in group)
        plain_label = all(not (r.bold or r.italic) for r in group)
        if bare and plain_label and canonical_href(label) == canonical_href(run.href):
            out.append(label)
        else:
            out.append(f"[{_emphasis(group, italic_mark, True)}]({_destination(run.href)})")
        index = end
    return "".join(out)


def _protect_marker(source: str) -> str:
    """A text line that would read as a list item: its marker escaped."""
    if BULLET.match(source):
        return "\\" + source
    number = NUMBER.match(source)
    if number:
        return number.group(1) + "\\" + source[len(number.group(1)) :]
    return source


_ATTEMPTS = [
    # (italic marker, escape every special character, bare addresses)
    ("*", False, True),
    ("*", True, True),
    ("_", False, True),
    ("_", True, True),
    ("*", True, False),
    ("_", True, False),
]


def line_source(line: Line) -> tuple[str, bool]:
    """One line as Markdown, and whether its formatting had to be left out (when no way of
    writing it reads back the same)."""
    runs = merge_runs(line.runs)
    prefix = {"bullet": "- ", "number": f"{line.number or 1}. "}.get(line.kind, "")
    if prefix and runs and runs[0].text[:1] in (" ", "\t"):
        runs = merge_runs([replace(runs[0], text=runs[0].text.lstrip(" \t")), *runs[1:]])
    for italic_mark, escape, bare in _ATTEMPTS:
        source = _inline(runs, italic_mark, escape, bare)
        if not prefix:
            source = _protect_marker(source)
        if _same(runs, _reparse(prefix + source, line.kind)):
            return prefix + source, False
    plain = [Run(r.text) for r in runs]
    source = _inline(plain, "*", True, False)
    return prefix + (source if prefix else _protect_marker(source)), bool(runs != plain)


def _reparse(source: str, kind: str) -> list[Run]:
    (line,) = text_lines(source) or [Line()]
    if line.kind != kind:
        return [Run("\0")]  # never the same
    return line.runs


def lines_text(lines: list[Line]) -> tuple[str, bool]:
    """The lines as the answer's text (numbers counted on within each run of numbered lines),
    and whether some formatting had to be left out."""
    out, dropped = [], False
    previous = None
    for line in lines:
        if line.kind == "number" and previous is not None and previous.kind == "number":
            line = replace(line, number=previous.number + 1)
        source, lost = line_source(line)
        out.append(source)
        dropped = dropped or lost
        previous = line
    return "\n".join(out), dropped


def canonical(text: str | None) -> str:
    """The text written the one way the office files give it back: same meaning."""
    return lines_text(text_lines(text))[0]
