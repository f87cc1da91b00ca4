"""Read endpoints of the briefings for non-governmental organizations: only those whose summary
is published (the rule of ``selectors.published_briefing_summaries``), the same to every caller.
Registrations, members of organizations, presentations, questions raised and civil-society input
have no endpoint here."""

import django_filters
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.kinds import kind_for
from documents.models import Rendition
from documents.selectors import LanguageFile
from reviewmech.rest import ReadViewSet, YearFilter

from ..models import Briefing
from ..selectors import published_briefings
from . import serializers


def attach_files(briefings):
    """Give each briefing its ``api_files``: the six languages, each with the summary's final PDF
    in it (as the briefing's page lists them) or none; one query for the whole page."""
    briefings = list(briefings)
    done: dict[int, dict[str, Rendition]] = {}
    if briefings:
        renditions = Rendition.objects.filter(
            content_type=ContentType.objects.get_for_model(Briefing),
            object_id__in=[briefing.pk for briefing in briefings],
            variant=Rendition.Variant.FINAL,
        )
        for rendition in renditions:
            if rendition.is_available:
                done.setdefault(rendition.object_id, {})[rendition.language] = rendition
    names = dict(settings.LANGUAGES)
    for briefing in briefings:
        slug = kind_for(briefing).slug
        found = done.get(briefing.pk, {})
        briefing.api_files = [
            LanguageFile(
                code,
                names[code],
                found.get(code),
                reverse("document_download", args=[slug, briefing.pk, code]) if code in found else "",
            )
            for code in names
        ]
    return briefings


class BriefingFilter(django_filters.FilterSet):
    year = YearFilter(field_name="held_on__year", help_text=_("The year the briefing was held, e.g. `2020`."))

    class Meta:
        model = Briefing
        fields = ["year"]


class BriefingViewSet(ReadViewSet):
    """Briefings for non-governmental organizations held on the margins of the sessions of the
    Implementation Review Group, once their summary is published: the session, the date, the
    summary and its PDF in each of the six languages. By number."""

    serializer_class = serializers.BriefingSerializer
    filterset_class = BriefingFilter
    ordering = ("number",)
    lookup_field = "number"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return published_briefings().select_related("session__body", "session__country").order_by("number")

    def prepare(self, rows):
        attach_files(rows)
