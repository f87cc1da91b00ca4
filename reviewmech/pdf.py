"""HTML → PDF with WeasyPrint. Imported by the rendering worker only, never by a web request.

WeasyPrint costs about a second to import, so this module imports it once per worker
process (the worker imports this module when a process starts, see ``reviewmech.celery``).
The fonts are named per script in ``templates/pdf/styles.css``; one ``FontConfiguration``
is shared by the renders of a process.

What a render costs and where it goes is in ``bench/README.md`` (section "Where the time
goes"). Three things here are about the process rather than the document: the render runs
on a Python stack of its own (5–15 % of a render, see :func:`_on_large_stack`), the garbage
collector waits until it is over (4–5 %), and the stylesheet is parsed once (≈ 1 %).
"""

import contextlib
import dataclasses
import gc
import hashlib
import os
import re
import tempfile
import threading
import types
from pathlib import Path

import weasyprint
from django.conf import settings
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

#: Part of every content hash: a new WeasyPrint may lay pages out differently.
RENDERER_VERSION = f"weasyprint-{weasyprint.__version__}"

_font_config = None


@dataclasses.dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def content_hash(html: str) -> str:
    """What decides whether a PDF must be made again: the HTML and the renderer's version."""
    return hashlib.sha256(f"{RENDERER_VERSION}\n{html}".encode()).hexdigest()


def font_configuration() -> FontConfiguration:
    """The process's one ``FontConfiguration``: Pango's font map, with what fontconfig found
    and the faces it opened, kept from one render to the next (a new one costs 3–8 ms, and
    10–50 ms more in the first render that uses it)."""
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


def render_pdf(html: str) -> RenderedPdf:
    """Lay out and write one PDF. Static files resolve from the project's ``static/``
    folder; nothing is fetched from the network."""
    with _collection_paused():
        return _on_large_stack(_render, html)


def _render(html: str) -> RenderedPdf:
    base_url = str(Path(settings.BASE_DIR) / "static") + "/"
    html, stylesheets = _take_stylesheet(html, base_url)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_LocalOnlyFetcher()).render(
        font_config=font_configuration(), stylesheets=stylesheets
    )
    return RenderedPdf(data=document.write_pdf(), pages=len(document.pages))


#: Parsed stylesheets by the SHA-256 of their text: a handful of templates, each the same in
#: the six languages. The oldest goes past ``STYLESHEET_CACHE_SIZE``.
_stylesheets: dict[str, weasyprint.CSS] = {}
_stylesheets_lock = threading.Lock()
STYLESHEET_CACHE_SIZE = 16
_STYLE_OR_LINK = re.compile(r"<(?:style|link)\b", re.IGNORECASE)


def stylesheet(css: str, base_url: str) -> weasyprint.CSS:
    """``css`` parsed, once per process for the same text and base URL."""
    key = hashlib.sha256(f"{base_url}\n{css}".encode()).hexdigest()
    parsed = _stylesheets.get(key)
    if parsed is None:
        parsed = weasyprint.CSS(string=css, base_url=base_url, font_config=font_configuration())
        with _stylesheets_lock:
            while len(_stylesheets) >= STYLESHEET_CACHE_SIZE:
                _stylesheets.pop(next(iter(_stylesheets)))
            _stylesheets[key] = parsed
    return parsed


def clear_caches() -> None:
    """Forget the parsed stylesheets and the font configuration (tests; a worker never needs to)."""
    global _font_config
    _stylesheets.clear()
    _font_config = None


def _take_stylesheet(html: str, base_url: str) -> tuple[str, list]:
    """The HTML without its ``<style>`` element, and that stylesheet parsed (from the cache).

    Every PDF template carries the print stylesheet in one ``<style>`` (``templates/pdf/``):
    so the HTML, and its content hash, say everything the PDF depends on. Parsing it again
    for each render cost 4–5 ms, the same text every time. WeasyPrint takes a parsed
    stylesheet only as a *user* stylesheet; with no other stylesheet in the document, the
    cascade is the same (the browser's defaults under it, ``style`` attributes over it).
    Anything else (several ``<style>``, one with attributes, a ``<link>``, ``!important``, a
    carriage return, which the HTML parser would rewrite) is left to WeasyPrint as it is."""
    if _STYLE_OR_LINK.findall(html) != ["<style"]:
        return html, []
    start = html.find("<style>")
    end = html.find("</style>", start)
    if start == -1 or end == -1:
        return html, []
    css = html[start + len("<style>") : end]
    if "!important" in css or "\r" in css or "\0" in css:
        return html, []
    return html[:start] + html[end + len("</style>") :], [stylesheet(css, base_url)]


@contextlib.contextmanager
def _collection_paused():
    """No cyclic garbage collection during a render. A render makes a great many objects that
    live until it ends; the collector, run every 700 allocations, walked them again and again,
    and on its full passes every object of the worker too (≈ 33 ms each with Django loaded):
    4–5 % of a render. What a render leaves is freed by reference counting (it makes no
    cycles: a collection right after one frees nothing). Only the caller that turned the
    collector off turns it on again, so nested or concurrent renders leave it as found."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _call(function, *args):
    return function(*args)


#: Slots reserved by the frame of :func:`_on_large_stack` (8 bytes each on 64-bit): 512 KiB.
LARGE_STACK_SLOTS = 1 << 16


def _with_reserved_stack(function, slots: int):
    """A copy of ``function`` whose frame reserves ``slots`` more value-stack slots than it
    needs (a frame may reserve more than it uses; CPython only allocates the space)."""
    code = function.__code__
    try:
        code = code.replace(co_stacksize=code.co_stacksize + slots)
    except (AttributeError, TypeError, ValueError):  # not CPython: no such frames to care about
        return function
    return types.FunctionType(code, function.__globals__, function.__name__, function.__defaults__)


_large_stack_call = _with_reserved_stack(_call, LARGE_STACK_SLOTS)


def _on_large_stack(function, *args):
    """``function(*args)``, run on a chunk of Python stack large enough for all of it.

    CPython (3.11, the version here) keeps the frames of Python functions in chunks of
    16 KiB: it maps a new chunk when a call does not fit in the current one, and unmaps it as
    soon as that call returns. WeasyPrint's layout recurses deeply and goes up and down thousands
    of times per document: wherever a chunk ends inside that recursion (which depends on how
    deep the caller was: the Celery task, a test, the benchmark), each crossing costs an
    ``mmap`` and a ``munmap``. strace counted 3,000–6,000 pairs per ten-page summary, 5–15 %
    of its render. Calling through a frame that reserves 512 KiB makes CPython map one 1 MiB
    chunk whose free half holds the whole render, the same for every caller."""
    return _large_stack_call(function, *args)


class _LocalOnlyFetcher(URLFetcher):
    """Documents never reach the network: ``data:`` URLs and files inside ``static/`` only."""

    def fetch(self, url, headers=None):
        static_root = (Path(settings.BASE_DIR) / "static").resolve()
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://") and Path(url.removeprefix("file://")).resolve().is_relative_to(static_root):
            return super().fetch(url, headers)
        raise ValueError(f"Blocked fetch of {url!r}: documents may only use the project's static files")


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target and rename it over: a reader sees the
    old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        # mkstemp makes it 0600: readable by the web process too, when it runs as another user.
        os.fchmod(handle, settings.FILE_UPLOAD_PERMISSIONS or 0o644)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
