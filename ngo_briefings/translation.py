"""Translatable fields of the civil-society app (django-modeltranslation) and the history of
its models: who shared or replied to an input, and when."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Briefing, CivilSocietyInput, Organization, Presentation, QuestionRaised, Registration


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "area_of_work")


@register(Briefing)
class BriefingTranslation(TranslationOptions):
    fields = ("room", "chair_role", "summary")


@register(Presentation)
class PresentationTranslation(TranslationOptions):
    fields = ("speaker", "topic")


@register(QuestionRaised)
class QuestionRaisedTranslation(TranslationOptions):
    fields = ("topic", "text", "response")


simple_history.register(CivilSocietyInput, app=__package__)
simple_history.register(Registration, app=__package__)
