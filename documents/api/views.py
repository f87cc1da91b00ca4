"""Read endpoints of the documents registry. Each caller gets the documents the registry's pages
show them (``selectors.document_list``, that is ``Document.objects.visible_to``): anonymous
callers the issued documents of general distribution; a person of a State also the issued
Limited documents concerning that State; the secretariat the whole registry, drafts included.

A document is addressed by its symbol, slashes and all: ``/api/v1/documents/CAC/COSP/IRG/2024/1/``.
"""

import django_filters
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reference.models import Body
from reviewmech.rest import ReadViewSet, YearFilter

from ..kinds import kind_by_model
from ..models import Document, Rendition
from ..selectors import LanguageFile, document_files, document_list
from . import serializers


def attach_files(documents):
    """Give each document its ``api_files``: what ``selectors.document_files`` gives, for a
    whole page in a fixed number of queries. A document's own files come from the prefetched
    ``files``; the final PDFs of the documents the pipeline makes (those with a ``source``)
    from one query for the page, read as ``document_files`` reads them."""
    documents = list(documents)
    sourced = [document for document in documents if document.source_type_id]
    done: dict[tuple[int, int], dict[str, Rendition]] = {}
    if sourced:
        renditions = Rendition.objects.filter(
            content_type_id__in={document.source_type_id for document in sourced},
            object_id__in={document.source_id for document in sourced},
            variant=Rendition.Variant.FINAL,
        ).with_file()
        for rendition in renditions:
            done.setdefault((rendition.content_type_id, rendition.object_id), {})[rendition.language] = rendition
    names = dict(settings.LANGUAGES)
    for document in documents:
        if not document.source_type_id:
            document.api_files = document_files(document)  # its files are prefetched: no query
            continue
        kind = kind_by_model(document.source_type.model_class())
        found = done.get((document.source_type_id, document.source_id), {})
        document.api_files = [
            LanguageFile(
                code,
                names[code],
                found.get(code),
                reverse("document_download", args=[kind.slug, document.source_id, code])
                if code in found and kind
                else "",
            )
            for code in names
        ]
    return documents


class DocumentFilter(django_filters.FilterSet):
    series = django_filters.CharFilter(
        field_name="series", max_length=60, help_text=_("The series of the symbol, e.g. `CAC/COSP/IRG`.")
    )
    year = YearFilter(field_name="year", help_text=_("The year in the symbol, e.g. `2024`."))
    body = django_filters.ModelChoiceFilter(
        queryset=Body.objects.all(),
        to_field_name="code",
        help_text=_("Code of the intergovernmental body, e.g. `irg`."),
    )

    class Meta:
        model = Document
        fields = ["series", "year", "body"]


class DocumentViewSet(ReadViewSet):
    """Registered documents under their United Nations symbols, as the registry's pages show them
    to the caller, each with its file in each of the six languages. Ordered by symbol."""

    serializer_class = serializers.DocumentSerializer
    filterset_class = DocumentFilter
    # By symbol: unique and unchanging, so the cursor is exact; a neutral order.
    ordering = ("symbol",)
    lookup_field = "symbol"
    # A symbol has slashes (CAC/COSP/IRG/2024/1): the whole rest of the path, up to the final
    # slash, is the symbol. No control character reaches the database.
    lookup_value_regex = r"[^?#\x00-\x1f\x7f]+"

    def get_queryset(self):
        return (
            document_list(self.request.user)
            .select_related("body", "source_type")
            .prefetch_related("files")
            .order_by("symbol")
        )

    def prepare(self, rows):
        attach_files(rows)
