"""Translatable fields of the reference facts (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Article,
    Body,
    Chapter,
    Cluster,
    Instrument,
    Mechanism,
    RegionalGroup,
    ReviewCycle,
    State,
    TechnicalAssistanceCategory,
)


@register(RegionalGroup)
class RegionalGroupTranslation(TranslationOptions):
    fields = ("name",)


@register(State)
class StateTranslation(TranslationOptions):
    fields = ("name",)


@register(Instrument)
class InstrumentTranslation(TranslationOptions):
    fields = ("title", "short_title")


@register(Chapter)
class ChapterTranslation(TranslationOptions):
    fields = ("title",)


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "guidance")


@register(TechnicalAssistanceCategory)
class TechnicalAssistanceCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(Mechanism)
class MechanismTranslation(TranslationOptions):
    fields = ("name", "short_name")


@register(Cluster)
class ClusterTranslation(TranslationOptions):
    fields = ("title",)


@register(ReviewCycle)
class ReviewCycleTranslation(TranslationOptions):
    fields = ("title",)


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name",)
