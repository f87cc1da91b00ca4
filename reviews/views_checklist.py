"""The self-assessment checklist pages: the focal point fills it in, experts read it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access
from .forms import AnswerForm, ChecklistReopenForm, ChecklistSubmitForm, add_service_error
from .models import Checklist, ChecklistAnswer
from .selectors.checklist import submitted_answers
from .services import checklist as service
from .views import visible_review_or_404


def _answer_form(answer, categories):
    return AnswerForm(
        instance=answer, prefix=f"a{answer.pk}", initial={"revision": answer.revision}, ta_choices=categories
    )


@login_required
def checklist_page(request, pk, submit_form=None, reopen_form=None, status=200):
    review = visible_review_or_404(request, pk)
    context = {"review": review, "can_manage": access.can_manage_review(request.user, review)}
    if access.can_read_draft_checklist(request.user, review):
        checklist = service.checklist_open(review=review)
        editable = checklist.status == Checklist.Status.DRAFT and access.can_edit_checklist(request.user, review)
        sections = service.checklist_sections(checklist)
        categories = AnswerForm.ta_category_choices() if editable else None
        for section in sections:
            for answer in section.answers:
                answer.form = _answer_form(answer, categories) if editable else None
        context |= {
            "checklist": checklist,
            "sections": sections,
            "editable": editable,
            "answered": sum(s.answered for s in sections),
            "total": sum(s.total for s in sections),
            "submit_form": submit_form
            or ChecklistSubmitForm(initial={"consent_to_publish": checklist.consent_to_publish}),
            "reopen_form": reopen_form or ChecklistReopenForm(),
            "submissions": list(checklist.submissions.select_related("submitted_by", "reopened_by")),
        }
        return render(request, "reviews/checklist.html", context, status=status)
    # Reviewing experts and observers read the version the State submitted, never a draft.
    checklist = Checklist.objects.filter(review=review).first()
    submission = service.latest_submission(checklist)
    rows = submitted_answers(submission)
    context |= {"submission": submission, "rows": rows}
    return render(request, "reviews/checklist_submitted.html", context)


@require_POST
@login_required
def checklist_answer_save(request, pk, answer_pk):
    """Autosave of one article (HTMX): answers with the save status, never the whole page, so
    the person keeps typing where they were."""
    review = visible_review_or_404(request, pk)
    answer = get_object_or_404(
        ChecklistAnswer.objects.select_related("article"), pk=answer_pk, checklist__review=review
    )
    form = AnswerForm(request.POST, prefix=f"a{answer.pk}")
    context = {"answer": answer, "review": review}
    if not form.is_valid():
        context["errors"] = form.errors
        return _answer_response(request, context, status=200 if request.htmx else 422)
    data = {name: form.cleaned_data[name] for name in ChecklistAnswer.CONTENT_FIELDS}
    try:
        saved = service.answer_save(
            answer=answer, actor=request.user, data=data, revision=form.cleaned_data["revision"]
        )
    except service.AnswerConflict as conflict:
        context["conflict"] = conflict.current
        return _answer_response(request, context, status=200 if request.htmx else 409)
    except ValidationError as exc:
        context["errors"] = {"__all__": exc.messages}
        return _answer_response(request, context, status=200 if request.htmx else 422)
    except PermissionDenied as exc:
        raise Http404 from exc
    context["saved"] = saved
    if not request.htmx:
        messages.success(request, _("Your answer on article %(number)s is saved.") % {"number": saved.article.number})
        return redirect(f"{reverse('reviews:checklist', args=[pk])}#article-{saved.article.number}")
    return _answer_response(request, context)


def _answer_response(request, context, status=200):
    if request.htmx:
        return render(request, "reviews/partials/answer_status.html", context, status=status)
    return render(request, "reviews/answer_problem.html", context, status=status)


@require_POST
@login_required
def checklist_submit(request, pk):
    review = visible_review_or_404(request, pk)
    if not access.can_edit_checklist(request.user, review):
        raise Http404
    checklist = get_object_or_404(Checklist, review=review)
    form = ChecklistSubmitForm(request.POST)
    if form.is_valid():
        try:
            submission = service.checklist_submit(
                checklist=checklist, actor=request.user, consent_to_publish=form.cleaned_data["consent_to_publish"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(
                request, _("The checklist is submitted (version %(number)s).") % {"number": submission.number}
            )
            return redirect("reviews:checklist", pk=pk)
    return checklist_page(request, pk, submit_form=form, status=422)


@require_POST
@login_required
def checklist_reopen(request, pk):
    review = visible_review_or_404(request, pk)
    checklist = get_object_or_404(Checklist, review=review)
    form = ChecklistReopenForm(request.POST)
    if form.is_valid():
        try:
            service.checklist_reopen(checklist=checklist, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("The checklist is reopened for the State under review."))
            return redirect("reviews:checklist", pk=pk)
    return checklist_page(request, pk, reopen_form=form, status=422)
