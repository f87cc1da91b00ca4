"""Translatable fields of the documents registry (django-modeltranslation) and its history."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Document


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title",)


# Registered after the translation fields exist (declaring HistoricalRecords on a translated
# model breaks saves): who registered, issued or changed a document, and when.
simple_history.register(Document, app=__package__)
