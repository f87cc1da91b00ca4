"""Read endpoints of the sessions. Sessions and their agendas are public facts, as on the
calendar and the session pages; the documents listed under each item (and the provisional
agenda) are those the caller may see (``Document.objects.visible_to``), the rule of
``selectors.session_page``. Notes verbales, notes received and nominations are the secretariat's
and have no endpoint here."""

import django_filters
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from reference.models import Body
from reviewmech.rest import ReadViewSet, YearFilter

from ..models import AgendaItem, Session
from . import serializers


class SessionFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        queryset=Body.objects.all(),
        to_field_name="code",
        help_text=_("Code of the intergovernmental body, e.g. `irg`."),
    )
    year = YearFilter(field_name="starts_on__year", help_text=_("The year the session opens, e.g. `2024`."))

    class Meta:
        model = Session
        fields = ["body", "year"]


class SessionViewSet(ReadViewSet):
    """Sessions of the intergovernmental bodies and each part of them (resumed, continued
    resumed...), with their agenda and, under each item, the symbols of the documents the caller
    may see. Ordered by first day."""

    serializer_class = serializers.SessionSerializer
    filterset_class = SessionFilter
    # By first day, then by id: the order of the calendar, neutral.
    ordering = ("starts_on", "pk")
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        visible = Document.objects.visible_to(self.request.user).order_by("symbol")
        agenda = AgendaItem.objects.order_by("number", "letter").prefetch_related(
            Prefetch("documents", queryset=visible, to_attr="visible_documents")
        )
        return (
            Session.objects.select_related("body", "country")
            .prefetch_related(Prefetch("agenda", queryset=agenda))
            .annotate(
                # The provisional agenda's symbol if the caller may see it, as on the page.
                visible_provisional_agenda=Subquery(
                    visible.filter(pk=OuterRef("provisional_agenda_id")).values("symbol")[:1]
                )
            )
            .order_by("starts_on", "pk")
        )
