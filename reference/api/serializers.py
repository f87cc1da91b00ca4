"""The reference facts as the REST API gives them; translated fields in the request's language."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviewmech.rest import TranslatedField, TranslatedModelSerializer

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


class RegionalGroupSerializer(TranslatedModelSerializer):
    name = TranslatedField()

    class Meta:
        model = RegionalGroup
        fields = ["code", "name", "abbreviation", "fallbacks"]


class MembershipSerializer(serializers.ModelSerializer):
    mechanism = serializers.SlugRelatedField(slug_field="code", read_only=True)
    regional_group = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = MechanismMembership
        fields = ["mechanism", "regional_group"]


class PartySerializer(serializers.ModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)
    act = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The kind of instrument deposited (ratification, acceptance, approval, accession, "
            "succession, formal_confirmation); null until checked against the depositary."
        )
    )

    class Meta:
        model = Party
        fields = ["instrument", "since", "act"]

    def get_act(self, party) -> str | None:
        return party.act or None


class StateSerializer(TranslatedModelSerializer):
    name = TranslatedField()
    regional_group = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    mechanisms = MembershipSerializer(source="memberships", many=True, read_only=True)
    parties = PartySerializer(many=True, read_only=True)

    class Meta:
        model = State
        fields = ["code", "iso2", "name", "kind", "regional_group", "mechanisms", "parties", "fallbacks"]


class ArticleSerializer(TranslatedModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)
    chapter = serializers.CharField(source="chapter.number", read_only=True, allow_null=True, default=None)
    title = TranslatedField()

    class Meta:
        model = Article
        fields = ["id", "instrument", "chapter", "number", "title", "obligation", "fallbacks"]


class ChapterSerializer(TranslatedModelSerializer):
    title = TranslatedField()

    class Meta:
        model = Chapter
        fields = ["number", "title", "fallbacks"]


class InstrumentSerializer(TranslatedModelSerializer):
    title = TranslatedField()
    short_title = TranslatedField()
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    chapters = ChapterSerializer(many=True, read_only=True)

    class Meta:
        model = Instrument
        fields = [
            "code",
            "parent",
            "title",
            "short_title",
            "adopted_on",
            "entry_into_force",
            "chapters",
            "fallbacks",
        ]


class ClusterSerializer(TranslatedModelSerializer):
    mechanism = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title = TranslatedField()
    articles = serializers.SerializerMethodField(help_text="The articles in the cluster: instrument code and number.")

    class Meta:
        model = Cluster
        fields = ["id", "mechanism", "number", "title", "articles", "fallbacks"]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"instrument": {"type": "string"}, "number": {"type": "integer"}},
            },
        }
    )
    def get_articles(self, cluster):
        return [{"instrument": article.instrument.code, "number": article.number} for article in cluster.articles.all()]


class CycleSerializer(TranslatedModelSerializer):
    mechanism = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title = TranslatedField()
    chapters = serializers.SerializerMethodField(
        help_text="The chapters under review (UNCAC cycles): instrument code and chapter number."
    )
    clusters = serializers.SerializerMethodField(help_text="Ids of the clusters under review (UNTOC phases).")

    class Meta:
        model = ReviewCycle
        fields = [
            "id",
            "mechanism",
            "number",
            "kind",
            "title",
            "start_year",
            "end_year",
            "chapters",
            "clusters",
            "fallbacks",
        ]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"instrument": {"type": "string"}, "number": {"type": "string"}},
            },
        }
    )
    def get_chapters(self, cycle):
        return [{"instrument": chapter.instrument.code, "number": chapter.number} for chapter in cycle.chapters.all()]

    def get_clusters(self, cycle) -> list[int]:
        return [cluster.pk for cluster in cycle.clusters.all()]


class MechanismSerializer(TranslatedModelSerializer):
    name = TranslatedField()
    short_name = TranslatedField()
    instruments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Mechanism
        fields = ["code", "name", "short_name", "instruments", "fallbacks"]
