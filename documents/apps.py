from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The document pipeline below every app: renditions of a document in each language,
    rendered to PDF by Celery workers, and their downloads. Apps register their kinds of
    document with ``documents.kinds.register``; see the package's docstring."""

    name = "documents"
    verbose_name = _("Documents")
