"""Read endpoints of the reference facts: public to all, in the request's language."""

import django_filters
from django.db.models import Prefetch

from reviewmech.rest import ReadViewSet, WholeNumberFilter

from ..models import (
    Article,
    Chapter,
    Cluster,
    Instrument,
    Mechanism,
    MechanismMembership,
    Party,
    RegionalGroup,
    ReviewCycle,
    State,
)
from . import serializers


class StateFilter(django_filters.FilterSet):
    regional_group = django_filters.ModelChoiceFilter(
        queryset=RegionalGroup.objects.all(),
        to_field_name="code",
        help_text="Code of the State's regional group, e.g. `african`.",
    )
    mechanism = django_filters.ModelChoiceFilter(
        field_name="memberships__mechanism",
        queryset=Mechanism.objects.all(),
        to_field_name="code",
        distinct=True,
        help_text="Code of a mechanism: `irm` or `untoc`.",
    )

    class Meta:
        model = State
        fields = ["regional_group", "mechanism", "kind"]


class RegionalGroupViewSet(ReadViewSet):
    """The five regional groups of the United Nations."""

    queryset = RegionalGroup.objects.all()
    serializer_class = serializers.RegionalGroupSerializer
    lookup_field = "code"
    filterset_fields = []
    pagination_class = None


class StateViewSet(ReadViewSet):
    """States and regional economic integration organizations, by ISO 3166-1 alpha-3 code: the
    mechanisms they take part in (and their regional group there) and the instruments they are
    parties to. Ordered by code, never by merit."""

    queryset = State.objects.select_related("regional_group").prefetch_related(
        Prefetch("memberships", queryset=MechanismMembership.objects.select_related("mechanism", "regional_group")),
        Prefetch("parties", queryset=Party.objects.select_related("instrument").order_by("instrument__order")),
    )
    serializer_class = serializers.StateSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{3}"
    filterset_class = StateFilter
    ordering = "code"

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


class InstrumentViewSet(ReadViewSet):
    """The Conventions and Protocols, with their chapters."""

    queryset = Instrument.objects.select_related("parent").prefetch_related("chapters")
    serializer_class = serializers.InstrumentSerializer
    lookup_field = "code"
    filterset_fields = []
    pagination_class = None


class ArticleFilter(django_filters.FilterSet):
    instrument = django_filters.ModelChoiceFilter(
        queryset=Instrument.objects.all(), to_field_name="code", help_text="Code of the instrument."
    )
    chapter = django_filters.CharFilter(field_name="chapter__number", help_text="Chapter number (Roman).")
    number = WholeNumberFilter(field_name="number")

    class Meta:
        model = Article
        fields = ["instrument", "chapter", "number", "obligation"]


class ArticleViewSet(ReadViewSet):
    """Articles of each instrument, with their chapter and the nature of the obligation."""

    queryset = Article.objects.select_related("instrument", "chapter")
    serializer_class = serializers.ArticleSerializer
    filterset_class = ArticleFilter
    ordering = ("instrument_id", "number", "pk")


class MechanismViewSet(ReadViewSet):
    """The two review mechanisms and the instruments each reviews."""

    queryset = Mechanism.objects.prefetch_related("instruments").order_by("order")
    serializer_class = serializers.MechanismSerializer
    lookup_field = "code"
    filterset_fields = []
    pagination_class = None


class CycleFilter(django_filters.FilterSet):
    mechanism = django_filters.ModelChoiceFilter(
        queryset=Mechanism.objects.all(), to_field_name="code", help_text="Code of the mechanism."
    )

    class Meta:
        model = ReviewCycle
        fields = ["mechanism", "kind"]


class CycleViewSet(ReadViewSet):
    """The cycles (UNCAC) and phases (UNTOC) of each mechanism."""

    queryset = (
        ReviewCycle.objects.select_related("mechanism")
        .prefetch_related(
            Prefetch(
                "chapters", queryset=Chapter.objects.select_related("instrument").order_by("instrument__order", "order")
            ),
            Prefetch("clusters", queryset=Cluster.objects.order_by("number")),
        )
        .order_by("mechanism__order", "number")
    )
    serializer_class = serializers.CycleSerializer
    filterset_class = CycleFilter
    pagination_class = None


class ClusterFilter(django_filters.FilterSet):
    mechanism = django_filters.ModelChoiceFilter(
        queryset=Mechanism.objects.all(), to_field_name="code", help_text="Code of the mechanism."
    )

    class Meta:
        model = Cluster
        fields = ["mechanism"]


class ClusterViewSet(ReadViewSet):
    """The thematic clusters of articles the UNTOC review mechanism reviews, phase by phase."""

    queryset = Cluster.objects.select_related("mechanism").prefetch_related(
        Prefetch(
            "articles", queryset=Article.objects.select_related("instrument").order_by("instrument__order", "number")
        )
    )
    serializer_class = serializers.ClusterSerializer
    filterset_class = ClusterFilter
    pagination_class = None
