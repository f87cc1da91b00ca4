"""Desk review pages: the questions of the reviewing experts and the State's replies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviewmech.forms import add_service_error

from .. import access
from ..forms import QuestionForm, ReplyForm
from ..models import ChecklistSubmission, QuestionMessage, ReviewQuestion
from ..services import desk_review as service
from ..services.checklist import articles_under_review
from .helpers import visible_review_or_404


@login_required
def questions_page(request, pk, ask_form=None, status=200):
    review = visible_review_or_404(request, pk)
    messages_qs = QuestionMessage.objects.select_related("author", "author__state")
    questions = list(
        review.questions.select_related("article", "asked_by").prefetch_related(
            Prefetch("messages", queryset=messages_qs)
        )
    )
    # Who may do what is asked once for the page, not once per thread.
    can_reply = access.can_reply_to_question(request.user, review)
    can_ask = access.can_ask_question(request.user, review)
    can_manage = access.can_manage_review(request.user, review)
    for question in questions:
        question.reply_form = ReplyForm(prefix=f"q{question.pk}") if can_reply else None
        question.can_close = question.status != ReviewQuestion.Status.CLOSED and (
            can_manage or (can_ask and question.asked_by_id == request.user.pk)
        )
    submitted = ChecklistSubmission.objects.filter(checklist__review=review).exists()
    context = {
        "review": review,
        "questions": questions,
        "can_ask": can_ask,
        "submitted": submitted,
        "ask_form": ask_form or (QuestionForm(articles=articles_under_review(review)) if can_ask else None),
        "counts": {s: sum(1 for q in questions if q.status == s) for s in ReviewQuestion.Status.values},
    }
    return render(request, "reviews/questions.html", context, status=status)


@require_POST
@login_required
def question_ask(request, pk):
    review = visible_review_or_404(request, pk)
    if not access.can_ask_question(request.user, review):
        raise Http404
    form = QuestionForm(request.POST, articles=articles_under_review(review))
    if form.is_valid():
        try:
            service.question_ask(
                review=review, actor=request.user, text=form.cleaned_data["text"], article=form.cleaned_data["article"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Your question is sent to the State under review."))
            return redirect("reviews:questions", pk=pk)
    return questions_page(request, pk, ask_form=form, status=422)


@require_POST
@login_required
def question_reply(request, pk, question_pk):
    review = visible_review_or_404(request, pk)
    if not access.can_reply_to_question(request.user, review):
        raise Http404
    question = get_object_or_404(ReviewQuestion, pk=question_pk, review=review)
    form = ReplyForm(request.POST, prefix=f"q{question.pk}")
    if form.is_valid():
        try:
            service.question_reply(question=question, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Your reply is saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(f"{reverse('reviews:questions', args=[pk])}#question-{question.pk}")


@require_POST
@login_required
def question_close(request, pk, question_pk):
    review = visible_review_or_404(request, pk)
    question = get_object_or_404(ReviewQuestion, pk=question_pk, review=review)
    try:
        service.question_close(question=question, actor=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The question is closed."))
    return redirect("reviews:questions", pk=pk)
