"""Who may do what on a country review: the one place these rules are written.

Views, the API, admin actions and templates ask these predicates; reads go through
``CountryReview.objects.visible_to(user)``.
"""

from reviewmech.roles import Role, is_secretariat

from .models import CountryReview, Participant, WorkflowStep


def _is_active_user(user) -> bool:
    """Signed in and not deactivated: a deactivated account keeps its rows but no rights."""
    return getattr(user, "is_authenticated", False) and user.is_active


def is_participant(user, review: CountryReview, role: str | None = None) -> bool:
    if not _is_active_user(user):
        return False
    participations = Participant.objects.filter(review=review, user=user, active=True)
    if role:
        participations = participations.filter(role=role)
    return participations.exists()


def can_view_review(user, review: CountryReview) -> bool:
    return CountryReview.objects.visible_to(user).filter(pk=review.pk).exists()


def can_manage_review(user, review: CountryReview | None = None) -> bool:
    """Pause, resume, draw lots, add people: the secretariat runs the mechanism."""
    return is_secretariat(user)


def can_complete_step(user, review: CountryReview, step: WorkflowStep | None = None) -> bool:
    """The secretariat records any step; a role listed on the step (e.g. the governmental
    experts for the desk review) may record it when assigned to the review."""
    step = step or review.current_step
    if step is None or review.status in (CountryReview.Status.COMPLETED, CountryReview.Status.PAUSED):
        return False
    if is_secretariat(user):
        return True
    if not _is_active_user(user) or user.role not in step.actor_roles:
        return False
    if user.role == Role.FOCAL_POINT:
        return user.state_id == review.state_id and is_participant(user, review, Role.FOCAL_POINT)
    return is_participant(user, review, user.role)


def can_edit_checklist(user, review: CountryReview) -> bool:
    """The focal point of the State under review fills in the checklist; the secretariat may
    help. Nobody else writes in it."""
    if is_secretariat(user):
        return True
    return (
        _is_active_user(user)
        and user.role == Role.FOCAL_POINT
        and user.state_id is not None
        and user.state_id == review.state_id
    )


def can_read_draft_checklist(user, review: CountryReview) -> bool:
    """Draft answers stay with the State under review (and the secretariat); the reviewing
    experts and observers read only what the State submitted."""
    return can_edit_checklist(user, review)


def can_ask_question(user, review: CountryReview) -> bool:
    """The reviewing experts on the review and the secretariat raise desk-review questions."""
    if is_secretariat(user):
        return True
    return _is_active_user(user) and user.role == Role.EXPERT and is_participant(user, review, Role.EXPERT)


def can_reply_to_question(user, review: CountryReview) -> bool:
    """The State under review answers; the experts and the secretariat follow up. Observers
    only read."""
    return can_ask_question(user, review) or can_edit_checklist(user, review)


def can_draft_report(user, review: CountryReview) -> bool:
    """The experts on the review draft the report with the secretariat; they may preview it."""
    return can_ask_question(user, review)


def can_agree_report(user, review: CountryReview) -> bool:
    """The State under review agrees to its report: its focal point, or the secretariat
    recording the State's agreement received by note verbale."""
    return can_edit_checklist(user, review)


def can_draft_findings(user, review: CountryReview) -> bool:
    """The experts assigned to the review and the secretariat draft its findings (while the
    executive summary allows it: see ``reviews.services.findings``)."""
    return can_ask_question(user, review)


def can_update_follow_up(user, review: CountryReview) -> bool:
    """The State under review reports the follow-up of its findings: its focal point, or the
    secretariat."""
    return can_edit_checklist(user, review)


def can_read_findings(user, review: CountryReview) -> bool:
    """Findings are never public: the secretariat, the focal point of the State under review,
    and the experts and observers assigned to the review read them. Nobody else."""
    if can_draft_findings(user, review) or can_update_follow_up(user, review):
        return True
    return _is_active_user(user) and user.role == Role.OBSERVER and is_participant(user, review, Role.OBSERVER)


def can_read_submitted_checklist(user, review: CountryReview) -> bool:
    """What the State submitted (answers and the attachments a version lists) is read by
    everyone on the review: the State under review, the secretariat, and the experts and
    observers taking part. Drafts stay with ``can_read_draft_checklist``."""
    return can_view_review(user, review)


def can_compare_submissions(user, review: CountryReview) -> bool:
    """What changed between two submitted versions: the secretariat, the experts on the review,
    and the State under review for its own checklist."""
    return can_ask_question(user, review) or can_edit_checklist(user, review)


# --- Active dialogue: country visits, joint meetings, online dialogues -------------------------

from .models import MeetingParticipant  # noqa: E402


def can_plan_meeting(user, review: CountryReview) -> bool:
    """The secretariat and the experts assigned to the review plan its meetings (mode, dates,
    place), remove them and record their outcome."""
    if is_secretariat(user):
        return True
    return _is_active_user(user) and user.role == Role.EXPERT and is_participant(user, review, Role.EXPERT)


def can_edit_meeting(user, review: CountryReview) -> bool:
    """Who changes something in a meeting: those who plan it, and the focal point of the State
    under review (the agenda, its government's participants, its agreement to stakeholders)."""
    return can_edit_checklist(user, review) or can_plan_meeting(user, review)


def can_set_stakeholder_agreement(user, review: CountryReview) -> bool:
    """Meeting civil society, the private sector and academia is the State's prerogative: only
    its focal point, or the secretariat recording the State's word, sets the agreement."""
    return can_edit_checklist(user, review)


def can_record_meeting_outcome(user, review: CountryReview) -> bool:
    return can_plan_meeting(user, review)


def can_manage_meeting_participant(user, review: CountryReview, sector: str) -> bool:
    """Those who plan add and remove anyone; the focal point the people of its own government."""
    if can_plan_meeting(user, review):
        return True
    return sector == MeetingParticipant.Sector.GOVERNMENT and can_edit_checklist(user, review)
