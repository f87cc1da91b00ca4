from .checklist import (
    Checklist,
    ChecklistAnswer,
    ChecklistAttachment,
    ChecklistSubmission,
)
from .consent import ConsentDecision
from .desk_review import QuestionMessage, ReviewQuestion
from .dialogue import DialogueMeeting, MeetingParticipant
from .findings import Finding, ReportSection, ReportTranslation, ReviewReport, ThematicReport
from .notification import Notification
from .review import (
    CountryReview,
    LotDraw,
    Participant,
    ReviewerAssignment,
    ReviewEvent,
    ReviewPause,
    StepCompletion,
    WorkflowStep,
)

__all__ = [
    "Checklist",
    "ChecklistAnswer",
    "ChecklistAttachment",
    "ChecklistSubmission",
    "ConsentDecision",
    "CountryReview",
    "DialogueMeeting",
    "Finding",
    "LotDraw",
    "MeetingParticipant",
    "Notification",
    "Participant",
    "QuestionMessage",
    "ReportSection",
    "ReportTranslation",
    "ReviewEvent",
    "ReviewPause",
    "ReviewQuestion",
    "ReviewReport",
    "ReviewerAssignment",
    "StepCompletion",
    "ThematicReport",
    "WorkflowStep",
]
