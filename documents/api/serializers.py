"""A registered document as the REST API gives it: its symbol and the parts of it, its title in
the request's language, and its file in each of the six languages (or "not issued in it")."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviewmech.rest import LanguageFileSerializer, TranslatedField, TranslatedModelSerializer

from ..models import Document
from ..selectors import document_files


class DocumentSerializer(TranslatedModelSerializer):
    """A registered document: its symbol and the parts of it, its title in the requested language
    (``fallbacks`` names the language given when it is missing), and its six languages."""

    title = TranslatedField()
    body = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    original_language = serializers.CharField(
        read_only=True, help_text=_("The language the document was written in: one of the codes of `files`.")
    )
    files = serializers.SerializerMethodField(
        help_text=_("The six languages, each with the document's file in it or none.")
    )

    class Meta:
        model = Document
        fields = [
            "symbol",
            "title",
            "body",
            "series",
            "year",
            "kind",
            "number",
            "revision",
            "relation",
            "distribution",
            "status",
            "issued_on",
            "original_language",
            "files",
            "fallbacks",
        ]
        read_only_fields = fields

    @extend_schema_field(LanguageFileSerializer(many=True))
    def get_files(self, document):
        # Set by the view for the whole page at once (see ``views.attach_files``).
        entries = getattr(document, "api_files", None)
        if entries is None:
            entries = document_files(document)
        return LanguageFileSerializer(entries, many=True, context=self.context).data
