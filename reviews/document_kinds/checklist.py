"""The submitted self-assessment checklist, exported to PDF in the review's working language."""

from django.utils.translation import gettext as _

from documents.kinds import DocumentKind, DocumentMeta, register

from .. import access
from ..models import ChecklistSubmission
from ..selectors.checklist import submitted_answers


@register
class ChecklistSubmissionKind(DocumentKind):
    slug = "checklist"
    model = ChecklistSubmission
    label_related = ("checklist__review__state",)
    template = "pdf/checklist.html"

    def meta(self, submission):
        review = submission.checklist.review
        return DocumentMeta(
            symbol="",
            title=_("Self-assessment checklist: %(state)s (version %(number)s)")
            % {"state": review.state.name, "number": submission.number},
            date=submission.submitted_at.date(),
            original_language=review.primary_language,
            distribution="Limited",
        )

    def context(self, submission, variant):
        review = submission.checklist.review
        return {"submission": submission, "review": review, "rows": submitted_answers(submission)}

    def languages(self, submission):
        return [submission.checklist.review.primary_language]

    def is_public(self, submission):
        """Confidential to the review, unless the State agreed to publish its self-assessment
        (the consent ledger): then its latest version is public, the earlier ones are not."""
        from ..selectors import consent

        checklist = submission.checklist
        if checklist.submissions.filter(number__gt=submission.number).exists():
            return False
        return consent.granted(checklist.review, consent.Item.SELF_ASSESSMENT)

    def can_read(self, user, submission):
        review = submission.checklist.review
        return access.can_view_review(user, review)

    def filename(self, submission, language):
        review = submission.checklist.review
        return f"self-assessment-{review.state.code}-{review.pk}-v{submission.number}-{language.upper()}.pdf"
