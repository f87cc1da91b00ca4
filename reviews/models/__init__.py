from .checklist import (
    Checklist,
    ChecklistAnswer,
    ChecklistAttachment,
    ChecklistSubmission,
    TechnicalAssistanceCategory,
)
from .desk_review import QuestionMessage, ReviewQuestion
from .dialogue import DialogueMeeting, MeetingParticipant
from .findings import Finding, ReportSection, ReportTranslation, ReviewReport, ThematicReport
from .notification import Notification
from .reference import (
    Article,
    Chapter,
    Cluster,
    Instrument,
    Mechanism,
    MechanismMembership,
    Obligation,
    Party,
    RegionalGroup,
    ReviewCycle,
    State,
)
from .rendition import Rendition
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
    "Article",
    "Chapter",
    "Checklist",
    "ChecklistAnswer",
    "ChecklistAttachment",
    "ChecklistSubmission",
    "Cluster",
    "CountryReview",
    "DialogueMeeting",
    "Finding",
    "Instrument",
    "LotDraw",
    "Mechanism",
    "MechanismMembership",
    "MeetingParticipant",
    "Notification",
    "Obligation",
    "Participant",
    "Party",
    "QuestionMessage",
    "RegionalGroup",
    "Rendition",
    "ReportSection",
    "ReportTranslation",
    "ReviewCycle",
    "ReviewEvent",
    "ReviewPause",
    "ReviewQuestion",
    "ReviewReport",
    "ReviewerAssignment",
    "State",
    "StepCompletion",
    "TechnicalAssistanceCategory",
    "ThematicReport",
    "WorkflowStep",
]
