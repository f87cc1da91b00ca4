"""Translatable fields of sessions and agendas (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, NoteTemplate, Session


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("city", "venue", "room")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title",)


@register(NoteTemplate)
class NoteTemplateTranslation(TranslationOptions):
    fields = ("name", "subject", "text")
