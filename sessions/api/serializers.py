"""A session as the REST API gives it: its body, number and part, its title and city in the
request's language, its dates, and its agenda with the symbols of the documents the caller may
see under each item. Notes verbales, notes received and nominations are never part of it."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from reviewmech.rest import TranslatedField, TranslatedModelSerializer

from ..models import AgendaItem, Session


class AgendaItemSerializer(TranslatedModelSerializer):
    """An item or sub-item of a session's agenda."""

    label = serializers.CharField(read_only=True, help_text=_('The item as the agenda prints it: "2" or "2 (a)".'))
    title = TranslatedField()
    documents = serializers.SerializerMethodField(
        help_text=_("Symbols of the documents considered under the item that the caller may see.")
    )

    class Meta:
        model = AgendaItem
        fields = ["number", "letter", "label", "title", "documents", "fallbacks"]
        read_only_fields = fields

    def get_documents(self, item) -> list[str]:
        # Prefetched by the view through the documents the caller may see (``visible_documents``).
        return [document.symbol for document in item.visible_documents]


class SessionSerializer(TranslatedModelSerializer):
    """A session of an intergovernmental body, or one part of it, with its agenda."""

    body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title = serializers.SerializerMethodField(
        help_text=_("The session's title in the requested language, made from its number, part and body.")
    )
    city = TranslatedField()
    venue = TranslatedField()
    country = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    provisional_agenda = serializers.SerializerMethodField(
        help_text=_("Symbol of the provisional agenda, if the caller may see it.")
    )
    agenda = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "body",
            "number",
            "part",
            "title",
            "city",
            "venue",
            "country",
            "starts_on",
            "ends_on",
            "provisional_agenda",
            "agenda",
            "fallbacks",
        ]
        read_only_fields = fields

    def get_title(self, session) -> str:
        return session.title()

    def get_provisional_agenda(self, session) -> str | None:
        # Annotated by the view from the documents the caller may see, as the page does.
        return session.visible_provisional_agenda or None
