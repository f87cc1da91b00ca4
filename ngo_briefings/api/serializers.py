"""A briefing for non-governmental organizations as the REST API gives it, once its summary is
published: its session, date, title, the published summary in the request's language and its PDF
in each of the six languages. Never the registrations, the organizations' members, the
presentations or the questions raised."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviewmech.rest import LanguageFileSerializer, TranslatedField, TranslatedModelSerializer
from sessions.models import Session

from ..models import Briefing

#: The heading of the briefing's page, the same words (and translations).
TITLE = gettext_noop("Briefing %(number)s for non-governmental organizations")


class BriefingSessionSerializer(serializers.ModelSerializer):
    """The session on whose margins the briefing was held."""

    body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title = serializers.SerializerMethodField(help_text=_("The session's title in the requested language."))

    class Meta:
        model = Session
        fields = ["id", "body", "number", "part", "title"]
        read_only_fields = fields

    def get_title(self, session) -> str:
        return session.title()


class BriefingSerializer(TranslatedModelSerializer):
    """A briefing whose summary is published, with the summary in the requested language
    (``fallbacks`` names the language given when it is missing) and its PDFs."""

    title = serializers.SerializerMethodField(help_text=_("The briefing's title in the requested language."))
    session = BriefingSessionSerializer(read_only=True)
    room = TranslatedField()
    summary = TranslatedField()
    files = serializers.SerializerMethodField(
        help_text=_("The six languages, each with the summary's PDF in it or none.")
    )

    class Meta:
        model = Briefing
        fields = [
            "number",
            "title",
            "session",
            "held_on",
            "starts_at",
            "room",
            "summary_issued_on",
            "summary",
            "files",
            "fallbacks",
        ]
        read_only_fields = fields

    def get_title(self, briefing) -> str:
        return gettext(TITLE) % {"number": briefing.number}

    @extend_schema_field(LanguageFileSerializer(many=True))
    def get_files(self, briefing):
        # Set by the view for the whole page at once (see ``views.attach_files``).
        return LanguageFileSerializer(briefing.api_files, many=True, context=self.context).data

    def get_fallbacks(self, obj) -> dict[str, str]:
        found = super().get_fallbacks(obj)
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language != settings.LANGUAGE_CODE and gettext(TITLE) == TITLE:
            found["title"] = settings.LANGUAGE_CODE  # not translated yet: the English words
        return found
