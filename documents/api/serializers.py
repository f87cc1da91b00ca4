"""A registered document as the REST API gives it: its symbol and the parts of it, its title in
the request's language, and its file in each of the six languages (or "not issued in it")."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviewmech.rest import TranslatedField, TranslatedModelSerializer

from ..models import Document
from ..selectors import document_files


class LanguageFileSerializer(serializers.Serializer):
    """One of the six languages: whether the document is issued in it, and where to download it."""

    language = serializers.ChoiceField(choices=settings.LANGUAGES, read_only=True)
    available = serializers.SerializerMethodField(help_text=_("Whether the document is issued in this language."))
    url = serializers.SerializerMethodField(
        help_text=_("The address of the file in this language; null when it is not issued in it.")
    )

    def get_available(self, entry) -> bool:
        return bool(entry.url)

    def get_url(self, entry) -> str | None:
        if not entry.url:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(entry.url) if request is not None else entry.url


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
