"""Translatable fields of the reviews app (django-modeltranslation) and the history of its models."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import (
    ChecklistAnswer,
    ChecklistAttachment,
    DialogueMeeting,
    Finding,
    MeetingParticipant,
    QuestionMessage,
    ReportSection,
    ReportTranslation,
    ReviewReport,
    ThematicReport,
    WorkflowStep,
)


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
