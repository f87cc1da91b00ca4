"""One PDF made of several: front matter laid out by WeasyPrint (a cover and a table of contents
giving the page each part starts on), then the parts' own PDFs as issued, with a bookmark per
part and the compilation's page numbers stamped at the foot of every page.

A kind of document whose PDF is a compilation (a session's documents in one file) returns
:func:`compilation` from ``DocumentKind.assemble``; the rendering worker calls ``make`` only
when the digest changed. Runs in the worker only: WeasyPrint and pypdf are imported there.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from .kinds import Assembly

#: Changing how compilations are put together changes every digest, so they are made again.
COMPILER_VERSION = "compilation-1"


@dataclass(frozen=True)
class Part:
    """One PDF of the compilation. ``key`` names it in the front matter's ``placed`` (a
    symbol); a key already placed is not included twice. ``open`` returns the PDF as a binary
    file (``None``: the part is listed only). ``fingerprint`` changes when its bytes change
    (their SHA-256). ``group`` is the bookmark it goes under (an agenda item)."""

    key: str
    bookmark: str
    open: Callable[[], IO[bytes]] | None
    fingerprint: str = ""
    group: str = ""


@dataclass
class Placed:
    """Where a part landed: its first page in the compilation and its number of pages, or why
    it is not in it (``unreadable``: not a PDF that can be read, or its file is missing)."""

    start: int | None = None
    pages: int | None = None
    unreadable: bool = False


@dataclass
class _Loaded:
    placed: dict[str, Placed] = field(default_factory=dict)
    readers: dict = field(default_factory=dict)


def compilation(parts: list[Part], front_html: Callable[[dict[str, Placed] | None], str], *, title: str) -> Assembly:
    """The assembly of ``parts`` behind the front matter ``front_html(placed)`` makes (called
    with ``None`` for the digest: the front matter without page numbers, which only follow
    from the parts' bytes)."""
    from reviewmech import pdf

    digest = hashlib.sha256()
    digest.update(f"{COMPILER_VERSION}\n{pdf.RENDERER_VERSION}\n{title}\n".encode())
    digest.update(front_html(None).encode())
    for part in parts:
        included = part.open is not None
        digest.update(f"\n{part.key}\t{part.group}\t{part.bookmark}\t{included}\t{part.fingerprint}".encode())
    return Assembly(digest=digest.hexdigest(), make=lambda: compile_pdf(parts, front_html, title=title))


def _load(parts: list[Part]) -> _Loaded:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    loaded = _Loaded()
    for part in parts:
        if part.key in loaded.placed or part.open is None:
            loaded.placed.setdefault(part.key, Placed(unreadable=part.open is not None))
            continue
        try:
            with part.open() as handle:
                data = handle.read()
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise PyPdfError("encrypted")
            pages = len(reader.pages)
        except (PyPdfError, ValueError, KeyError, FileNotFoundError):
            # Not a readable PDF, or its file is gone: listed in the contents as not included.
            loaded.placed[part.key] = Placed(unreadable=True)
            continue
        loaded.placed[part.key] = Placed(pages=pages)
        loaded.readers[part.key] = reader
    return loaded


def compile_pdf(parts: list[Part], front_html: Callable[[dict[str, Placed] | None], str], *, title: str):
    """The compilation's bytes and page count (a ``reviewmech.pdf.RenderedPdf``)."""
    from pypdf import PdfReader, PdfWriter, Transformation

    from reviewmech import pdf

    loaded = _load(parts)
    placed = loaded.placed
    # The contents give page numbers that depend on how many pages the contents take: lay them
    # out until the count stops changing (twice at most in practice).
    front_pages = 1
    for _attempt in range(4):
        start = front_pages + 1
        for key in loaded.readers:
            placed[key].start = start
            start += placed[key].pages
        front = pdf.render_pdf(front_html(placed))
        if front.pages == front_pages:
            break
        front_pages = front.pages

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front.data)), import_outline=False)
    groups = {}
    for part in parts:
        reader = loaded.readers.pop(part.key, None)
        if reader is None:
            continue
        first = len(writer.pages)
        writer.append(reader, import_outline=False)
        parent = None
        if part.group:
            if part.group not in groups:
                groups[part.group] = writer.add_outline_item(title=part.group, page_number=first)
            parent = groups[part.group]
        writer.add_outline_item(title=part.bookmark, page_number=first, parent=parent)

    total = len(writer.pages)
    numbers = PdfReader(io.BytesIO(pdf.render_pdf(_page_numbers_html(total)).data))
    for index, page in enumerate(writer.pages):
        box = page.mediabox
        stamp = numbers.pages[index]
        offset_x = float(box.left) + (float(box.width) - float(stamp.mediabox.width)) / 2
        page.merge_transformed_page(stamp, Transformation().translate(offset_x, float(box.bottom)))
    writer.add_metadata({"/Title": title, "/Producer": "reviewmech"})
    writer.page_mode = "/UseOutlines"
    output = io.BytesIO()
    writer.write(output)
    return pdf.RenderedPdf(data=output.getvalue(), pages=total)


def _page_numbers_html(total: int) -> str:
    """``total`` strips as wide as an A4 page, each with its number, to lay over the foot of
    the compilation's pages (digits only: the same in the six languages)."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        "@page { size: 210mm 9mm; margin: 0 0 3mm 0;"
        " @bottom-center { content: counter(page); font: bold 8pt 'Noto Sans', sans-serif; color: #333; } }"
        "div + div { break-before: page; }"
        "</style></head><body>" + "<div>&#8203;</div>" * total + "</body></html>"
    )
