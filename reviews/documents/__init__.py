"""The kinds of documents rendered to PDF, each registered on import."""

from . import review_report  # noqa: F401  (registers the kind)
from . import thematic  # noqa: F401
from .base import DocumentKind, DocumentMeta, kind_by_slug, kind_for, register, render_html

__all__ = ["DocumentKind", "DocumentMeta", "kind_by_slug", "kind_for", "register", "render_html"]
