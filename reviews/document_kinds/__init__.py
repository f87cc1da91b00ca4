"""The kinds of documents of this app rendered to PDF by the documents pipeline: the submitted
checklist, the executive summary and country review report, and thematic reports. Each module
registers its kind with ``documents.kinds.register`` when it is imported, which
``ReviewsConfig.ready`` does."""

from . import checklist, review_report, thematic  # noqa: F401  (each registers its kind)
