"""Findings pages: the findings of a review by chapter and article, drafted by the reviewing
experts with the secretariat, followed up by the State under review. Never public."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviewmech.forms import add_service_error
from reviewmech.i18n import field_suffix

from .. import access
from ..forms import (
    AnswerForm,
    FindingFollowUpForm,
    FindingForm,
    FindingReasonForm,
    FindingTranslationsForm,
)
from ..models import Finding, ReviewReport
from ..selectors.findings import finding_text, findings_for_review
from ..services import findings as service
from ..services.checklist import articles_under_review
from .helpers import visible_review_or_404


def _readable_review_or_404(request, pk):
    review = visible_review_or_404(request, pk)
    if not access.can_read_findings(request.user, review):
        raise Http404
    return review


def _finding_or_404(review, finding_pk):
    return get_object_or_404(Finding.objects.select_related("article", "ta_category"), pk=finding_pk, review=review)


def _anchor(review, finding_pk=None):
    url = reverse("reviews:findings", args=[review.pk])
    return f"{url}#finding-{finding_pk}" if finding_pk else url


def _asks_reason(user, review, summary):
    """The secretariat changing findings the State has agreed to gives a reason (others are
    refused by the service, with a message saying why)."""
    return summary == ReviewReport.Status.AGREED and access.can_manage_review(user, review)


def _finding_form(review, *args, require_reason, **kwargs):
    return FindingForm(
        *args,
        articles=articles_under_review(review),
        ta_choices=AnswerForm.ta_category_choices(),
        require_reason=require_reason,
        **kwargs,
    )


def _edit_form(request, review, finding, summary):
    """The finding's form, filled with the text shown on the page and the language it is in:
    saving writes that language's text."""
    shown = finding_text(finding)
    return _finding_form(
        review,
        require_reason=_asks_reason(request.user, review, summary),
        prefix="edit",
        edit=True,
        initial={
            "article": finding.article_id,
            "kind": finding.kind,
            "ta_category": finding.ta_category_id,
            "text": shown.text,
            "language": shown.language,
        },
    )


def _page(request, review, *, add_form=None, editing=None, follow_up=None, status=200):
    """The findings page. ``editing`` (see ``_editing``) shows a finding's form in its place;
    ``follow_up`` is ``(finding_pk, bound form)`` to show with its errors. Each row gets its
    follow-up form (or None) as ``row.follow_up_form``."""
    user = request.user
    summary = service.summary_status(review)
    findings = findings_for_review(user, review)
    editable = service.findings_editable_by(user, review, summary)
    require_reason = _asks_reason(user, review, summary)
    can_follow_up = access.can_update_follow_up(user, review)
    for row in findings.rows():
        row.follow_up_form = None
        if can_follow_up:
            if follow_up and follow_up[0] == row.pk:
                row.follow_up_form = follow_up[1]
            else:
                row.follow_up_form = FindingFollowUpForm(
                    prefix=f"f{row.pk}",
                    initial={
                        "follow_up_status": row.follow_up_status,
                        "follow_up_on": row.follow_up_on,
                        "follow_up_note": row.follow_up_note,
                    },
                )
    if editable and add_form is None and editing is None:
        add_form = _finding_form(review, require_reason=require_reason, prefix="new")
    context = {
        "review": review,
        "findings": findings,
        "summary_status": summary,
        "summary_label": ReviewReport.Status(summary).label,
        "editable": editable,
        "can_move": editable and not require_reason,
        "require_reason": require_reason,
        "can_follow_up": can_follow_up,
        "can_translate": access.can_manage_review(user, review) and summary != ReviewReport.Status.PUBLISHED,
        # A form posted back keeps its errors on show, even when they say it can no longer be used.
        "add_form": add_form,
        "editing": editing,
    }
    return render(request, "reviews/findings.html", context, status=status)


@login_required
def findings_page(request, pk):
    review = _readable_review_or_404(request, pk)
    return _page(request, review)


@require_POST
@login_required
def finding_add(request, pk):
    review = _readable_review_or_404(request, pk)
    if not access.can_draft_findings(request.user, review):
        raise Http404
    require_reason = _asks_reason(request.user, review, service.summary_status(review))
    form = _finding_form(review, request.POST, require_reason=require_reason, prefix="new")
    if form.is_valid():
        data = form.cleaned_data
        try:
            finding = service.finding_create(
                review=review,
                actor=request.user,
                article=data["article"],
                kind=data["kind"],
                ta_category=data["ta_category"],
                text=data["text"],
                reason=data.get("reason", ""),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("The finding is saved."))
            return redirect(_anchor(review, finding.pk))
    return _page(request, review, add_form=form, status=422)


@login_required
def finding_edit(request, pk, finding_pk):
    """GET: the page with the finding's form in its place (and its translations for the
    secretariat). POST: save it."""
    review = _readable_review_or_404(request, pk)
    if not access.can_draft_findings(request.user, review):
        raise Http404
    finding = _finding_or_404(review, finding_pk)
    summary = service.summary_status(review)
    require_reason = _asks_reason(request.user, review, summary)
    if request.method == "POST":
        form = _finding_form(review, request.POST, require_reason=require_reason, prefix="edit", edit=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                service.finding_update(
                    finding=finding,
                    actor=request.user,
                    article=data["article"],
                    kind=data["kind"],
                    ta_category=data["ta_category"],
                    text=data["text"],
                    reason=data.get("reason", ""),
                    language=data.get("language") or None,
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("The finding is saved."))
                return redirect(_anchor(review, finding.pk))
        status = 422
    else:
        if not service.findings_editable_by(request.user, review, summary):
            messages.error(request, _("The findings of this review can no longer be changed."))
            return redirect(_anchor(review, finding.pk))
        form = _edit_form(request, review, finding, summary)
        status = 200
    return _page(request, review, editing=_editing(request, review, finding, form, summary), status=status)


def _editing(request, review, finding, form, summary, translations_form=None):
    """What the page needs to show a finding being edited."""
    can_translate = access.can_manage_review(request.user, review) and summary != ReviewReport.Status.PUBLISHED
    if can_translate and translations_form is None:
        translations_form = FindingTranslationsForm(
            prefix="tr",
            initial={
                name: getattr(finding, name) or ""
                for name in (f"text_{field_suffix(code)}" for code, _name in settings.LANGUAGES)
            },
        )
    language = form["language"].value() if "language" in form.fields else None
    return {
        "finding": finding,
        "form": form,
        "language": language,
        "translations_form": translations_form if can_translate else None,
    }


@require_POST
@login_required
def finding_translations(request, pk, finding_pk):
    review = _readable_review_or_404(request, pk)
    if not access.can_manage_review(request.user, review):
        raise Http404
    finding = _finding_or_404(review, finding_pk)
    form = FindingTranslationsForm(request.POST, prefix="tr")
    if form.is_valid():
        try:
            service.finding_translations_save(finding=finding, actor=request.user, texts=form.texts())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The translations are saved."))
            return redirect(_anchor(review, finding.pk))
    summary = service.summary_status(review)
    editing = _editing(
        request, review, finding, _edit_form(request, review, finding, summary), summary, translations_form=form
    )
    return _page(request, review, editing=editing, status=422)


@require_POST
@login_required
def finding_delete(request, pk, finding_pk):
    review = _readable_review_or_404(request, pk)
    if not access.can_draft_findings(request.user, review):
        raise Http404
    finding = _finding_or_404(review, finding_pk)
    form = FindingReasonForm(request.POST)
    form.is_valid()
    try:
        service.finding_delete(finding=finding, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_anchor(review, finding.pk))
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The finding is deleted."))
    return redirect(_anchor(review))


@require_POST
@login_required
def finding_move(request, pk, finding_pk):
    review = _readable_review_or_404(request, pk)
    if not access.can_draft_findings(request.user, review):
        raise Http404
    finding = _finding_or_404(review, finding_pk)
    form = FindingReasonForm(request.POST)
    form.is_valid()
    try:
        service.finding_move(
            finding=finding,
            actor=request.user,
            direction=request.POST.get("direction", ""),
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect(_anchor(review, finding.pk))


@require_POST
@login_required
def finding_follow_up(request, pk, finding_pk):
    review = _readable_review_or_404(request, pk)
    if not access.can_update_follow_up(request.user, review):
        raise Http404
    finding = _finding_or_404(review, finding_pk)
    form = FindingFollowUpForm(request.POST, prefix=f"f{finding.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            service.finding_follow_up(
                finding=finding,
                actor=request.user,
                status=data["follow_up_status"],
                on=data["follow_up_on"],
                note=data["follow_up_note"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("The follow-up is saved."))
            return redirect(_anchor(review, finding.pk))
    return _page(request, review, follow_up=(finding.pk, form), status=422)
