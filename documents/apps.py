from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The document pipeline below every app: renditions of a document in each language,
    rendered to PDF by Celery workers, and their downloads. Apps register their kinds of
    document with ``documents.kinds.register``; see the package's docstring."""

    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from reviewmech import freshness

        from .models import Document, DocumentFile
        from .signals import document_changed, rendition_finished

        # A document's symbol, files and PDFs are read by the public site and the REST API.
        freshness.watch(Document, DocumentFile, signals=(document_changed, rendition_finished))

        from reviewmech import health

        from .services.renditions import renditions_backlog

        health.register_backlog("renditions", renditions_backlog)

        from django.db.models.signals import post_delete

        # The renditions of a deleted document go with it (and their files after the commit).
        post_delete.connect(_drop_renditions, dispatch_uid="documents.drop_renditions")


def _drop_renditions(sender, instance, **kwargs):
    from .kinds import kind_by_model

    if kind_by_model(sender) is None:
        return
    from django.contrib.contenttypes.models import ContentType

    from .models import Rendition

    Rendition.objects.filter(content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk).delete()
