"""Translatable fields of the reference data (django-modeltranslation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import (
    Article,
    Chapter,
    ChecklistAnswer,
    ChecklistAttachment,
    Cluster,
    DialogueMeeting,
    Finding,
    Instrument,
    Mechanism,
    MeetingParticipant,
    QuestionMessage,
    RegionalGroup,
    ReportSection,
    ReportTranslation,
    ReviewCycle,
    ReviewReport,
    State,
    TechnicalAssistanceCategory,
    ThematicReport,
    WorkflowStep,
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


@register(WorkflowStep)
class WorkflowStepTranslation(TranslationOptions):
    fields = ("name",)


@register(Finding)
class FindingTranslation(TranslationOptions):
    fields = ("text",)


@register(ReviewReport)
class ReviewReportTranslation(TranslationOptions):
    fields = ("introduction", "legal_framework")


@register(ReportSection)
class ReportSectionTranslation(TranslationOptions):
    fields = ("narrative",)


@register(ThematicReport)
class ThematicReportTranslation(TranslationOptions):
    fields = ("title", "introduction")


# History of the workflow (who changed which duration, when), registered after the
# translation fields exist: declaring HistoricalRecords on a translated model breaks saves.
simple_history.register(WorkflowStep, app=__package__)
simple_history.register(ChecklistAnswer, app=__package__)
simple_history.register(QuestionMessage, app=__package__)
simple_history.register(ChecklistAttachment, app=__package__)
simple_history.register(DialogueMeeting, app=__package__)
simple_history.register(MeetingParticipant, app=__package__)
simple_history.register(Finding, app=__package__)
simple_history.register(ReviewReport, app=__package__)
simple_history.register(ReportSection, app=__package__)
simple_history.register(ReportTranslation, app=__package__)
