"""The reference facts, kept by the secretariat after the first load from the files."""

from django.contrib import admin

from reviewmech.admin import SecretariatAdminMixin, SecretariatTranslationAdmin

from .models import (
    Article,
    Body,
    Chapter,
    Cluster,
    Instrument,
    Mechanism,
    MechanismMembership,
    Party,
    RegionalGroup,
    ReviewCycle,
    State,
    TechnicalAssistanceCategory,
)


@admin.register(RegionalGroup)
class RegionalGroupAdmin(SecretariatTranslationAdmin):
    list_display = ("name", "abbreviation", "code", "order")


@admin.register(State)
class StateAdmin(SecretariatTranslationAdmin):
    list_display = ("code", "name", "kind", "regional_group")
    list_filter = ("kind", "regional_group")
    list_select_related = ("regional_group",)
    search_fields = ("code", "iso2", "name_en", "name_fr", "name_es", "name_ru", "name_ar", "name_zh_hans")


class ChapterInline(SecretariatAdminMixin, admin.TabularInline):
    model = Chapter
    extra = 0
    fields = ("number", "order", "title_en")


@admin.register(Instrument)
class InstrumentAdmin(SecretariatTranslationAdmin):
    list_display = ("short_title", "code", "parent", "adopted_on", "entry_into_force")
    inlines = [ChapterInline]


@admin.register(Chapter)
class ChapterAdmin(SecretariatTranslationAdmin):
    list_display = ("instrument", "number", "title")
    list_filter = ("instrument",)
    list_select_related = ("instrument",)


@admin.register(Article)
class ArticleAdmin(SecretariatTranslationAdmin):
    list_display = ("instrument", "number", "title", "chapter", "obligation")
    list_filter = ("instrument", "obligation", "chapter")
    list_select_related = ("instrument", "chapter", "chapter__instrument")
    search_fields = ("title_en", "title_fr", "title_es", "title_ru", "title_ar", "title_zh_hans")


@admin.register(Party)
class PartyAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    list_display = ("state", "instrument", "since", "act")
    list_filter = ("instrument", "act")
    list_select_related = ("state", "instrument")
    search_fields = ("state__code", "state__name_en")
    autocomplete_fields = ("state",)
    date_hierarchy = "since"


@admin.register(Mechanism)
class MechanismAdmin(SecretariatTranslationAdmin):
    list_display = ("short_name", "code", "established_by", "overseen_by", "reports_to")
    filter_horizontal = ("instruments",)


@admin.register(MechanismMembership)
class MechanismMembershipAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    list_display = ("state", "mechanism", "regional_group")
    list_filter = ("mechanism", "regional_group")
    list_select_related = ("state", "mechanism", "regional_group")
    search_fields = ("state__code", "state__name_en")
    autocomplete_fields = ("state",)


@admin.register(Cluster)
class ClusterAdmin(SecretariatTranslationAdmin):
    list_display = ("mechanism", "number", "title")
    filter_horizontal = ("articles",)


@admin.register(ReviewCycle)
class ReviewCycleAdmin(SecretariatTranslationAdmin):
    list_display = ("mechanism", "number", "title", "kind", "start_year", "end_year", "resolution")
    list_filter = ("mechanism", "kind")
    filter_horizontal = ("chapters", "clusters")


@admin.register(Body)
class BodyAdmin(SecretariatTranslationAdmin):
    list_display = ("abbreviation", "name", "symbol_prefix", "parent")


@admin.register(TechnicalAssistanceCategory)
class TechnicalAssistanceCategoryAdmin(SecretariatTranslationAdmin):
    list_display = ("name", "code", "order")
