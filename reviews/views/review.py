"""One review's page: its people, reviewing States and timeline, the workflow actions
(complete a step, pause, resume, redraw a reviewing State), and what the State under review
agreed to publish (the consent ledger)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviewmech.forms import submit_to_service
from reviewmech.i18n import translated
from reviewmech.roles import is_secretariat
from reviewmech.views import secretariat_required

from .. import access
from ..forms import (
    CompleteStepForm,
    ConsentForm,
    PauseForm,
    RedrawForm,
    ResumeForm,
)
from ..models import ConsentDecision, CountryReview, ReviewerAssignment
from ..selectors import consent as consent_selectors
from ..selectors import reviews as selectors
from ..services import consent, lots, workflow
from .helpers import visible_review_or_404


def _review_context(request, pk, **forms):
    try:
        page = selectors.review_page(request.user, pk)
    except CountryReview.DoesNotExist as exc:
        raise Http404 from exc
    review = page.review
    context = {
        "page": page,
        "review": review,
        "can_complete": access.can_complete_step(request.user, review),
        "can_manage": access.can_manage_review(request.user, review),
        "complete_form": forms.get("complete_form") or CompleteStepForm(prefix="complete"),
        "pause_form": forms.get("pause_form") or PauseForm(prefix="pause"),
        "resume_form": forms.get("resume_form") or ResumeForm(prefix="resume"),
        "reviewers": [(a, RedrawForm(prefix=f"redraw-{a.pk}")) for a in page.reviewers],
    }
    if access.can_edit_checklist(request.user, review):
        in_force = consent_selectors.decisions([review])
        context["consents"] = [
            (value, label, in_force.get((review.pk, value))) for value, label in ConsentDecision.Item.choices
        ]
        context["consent_ledger"] = consent_selectors.ledger(review)
        context["consent_form"] = forms.get("consent_form") or ConsentForm(
            prefix="consent", review=review, staff=is_secretariat(request.user)
        )
    return context


@login_required
def review_detail(request, pk):
    return render(request, "reviews/review_detail.html", _review_context(request, pk))


def _workflow_response(request, pk, status=200, **forms):
    """After an action: the workflow part of the page for HTMX, else back to the page."""
    if request.htmx:
        return render(request, "reviews/partials/workflow.html", _review_context(request, pk, **forms), status=status)
    if status != 200:
        return render(request, "reviews/review_detail.html", _review_context(request, pk, **forms), status=status)
    return redirect("reviews:review_detail", pk=pk)


def _apply(request, pk, form, action, form_name, success_message):
    if not submit_to_service(form, action):
        return _workflow_response(request, pk, status=422 if not request.htmx else 200, **{form_name: form})
    messages.success(request, success_message)
    return _workflow_response(request, pk)


@require_POST
@login_required
def review_complete_step(request, pk):
    review = visible_review_or_404(request, pk)
    step = review.current_step
    step_name = translated(step, "name").text if step else ""
    return _apply(
        request,
        pk,
        CompleteStepForm(request.POST, prefix="complete"),
        lambda on, comment: workflow.review_complete_step(review=review, actor=request.user, on=on, comment=comment),
        "complete_form",
        _("Recorded: %(step)s.") % {"step": step_name},
    )


@require_POST
@login_required
def review_pause(request, pk):
    review = visible_review_or_404(request, pk)
    return _apply(
        request,
        pk,
        PauseForm(request.POST, prefix="pause"),
        lambda on, reason: workflow.review_pause(review=review, actor=request.user, on=on, reason=reason),
        "pause_form",
        _("The review is paused."),
    )


@require_POST
@login_required
def review_resume(request, pk):
    review = visible_review_or_404(request, pk)
    return _apply(
        request,
        pk,
        ResumeForm(request.POST, prefix="resume"),
        lambda on, comment: workflow.review_resume(review=review, actor=request.user, on=on, comment=comment),
        "resume_form",
        _("The review has resumed."),
    )


@require_POST
@secretariat_required
def review_redraw(request, pk, assignment_pk):
    review = visible_review_or_404(request, pk)
    assignment = get_object_or_404(ReviewerAssignment, pk=assignment_pk, review=review)
    form = RedrawForm(request.POST, prefix=f"redraw-{assignment.pk}")
    if form.is_valid():
        try:
            draw = lots.lots_redraw(
                assignment=assignment,
                actor=request.user,
                exceptional=form.cleaned_data["exceptional"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(old)s is replaced by %(new)s (seed %(seed)s).")
                % {
                    "old": translated(assignment.state, "name").text,
                    "new": translated(draw.review.reviewer_assignments.get(draw=draw).state, "name").text,
                    "seed": draw.seed,
                },
            )
    return redirect("reviews:review_detail", pk=pk)


@require_POST
@login_required
def review_consent(request, pk):
    """The State's decision on publishing an item of its review (the consent ledger)."""
    review = visible_review_or_404(request, pk)
    form = ConsentForm(request.POST, prefix="consent", review=review, staff=is_secretariat(request.user))
    if not submit_to_service(form, lambda **data: consent.consent_record(actor=request.user, review=review, **data)):
        return render(
            request, "reviews/review_detail.html", _review_context(request, pk, consent_form=form), status=422
        )
    messages.success(request, _("The decision is recorded."))
    return redirect(f"{reverse('reviews:review_detail', args=[pk])}#consent")
