"""The kinds of documents rendered to PDF, each registered on import."""

from . import checklist, review_report, thematic  # noqa: F401  (each registers its kind)
from .base import DocumentKind, DocumentMeta, kind_by_slug, kind_for, register, render_html

__all__ = ["DocumentKind", "DocumentMeta", "kind_by_slug", "kind_for", "register", "render_html"]
