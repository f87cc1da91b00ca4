"""HTML → PDF with WeasyPrint. Imported by the rendering worker only, never by a web request.

WeasyPrint costs about a second to import, so this module imports it once per worker
process (the worker imports this module when a process starts, see ``reviewmech.celery``).
The fonts are named per script in ``templates/pdf/base.html``; one ``FontConfiguration``
is shared by the renders of a process.
"""

import dataclasses
import hashlib
import os
import tempfile
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


def render_pdf(html: str) -> RenderedPdf:
    """Lay out and write one PDF. Static files (the print stylesheet) resolve from the
    project's ``static/`` folder; nothing is fetched from the network."""
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    document = weasyprint.HTML(
        string=html, base_url=str(Path(settings.BASE_DIR) / "static") + "/", url_fetcher=_LocalOnlyFetcher()
    ).render(font_config=_font_config)
    return RenderedPdf(data=document.write_pdf(), pages=len(document.pages))


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
