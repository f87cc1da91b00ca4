"""The executive summary and the country review report of a review: drafting (per
language), the State's agreement, translation status, publication and the PDFs."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.selectors import panel_context
from documents.services.renditions import draft_preview
from reviewmech.forms import submit_to_service
from reviewmech.roles import is_secretariat

from .. import access
from ..forms_reports import ReportAgreeForm, ReportPublishForm, ReportReopenForm, ReportTextForm, TranslationStatusForm
from ..models import ReviewReport
from ..services import reports as service
from .helpers import visible_review_or_404

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _kind_or_404(kind):
    if kind not in ReviewReport.Kind.values:
        raise Http404
    return kind


def _report(review, kind):
    report = ReviewReport.objects.filter(review=review, kind=kind).select_related("document").first()
    if report is not None:
        report.review = review  # the access checks and the template read it: fetched once
    return report


@login_required
def report_page(request, pk, kind, forms=None, status=200):
    review = visible_review_or_404(request, pk)
    kind = _kind_or_404(kind)
    report = _report(review, kind)
    user = request.user
    context = {
        "review": review,
        "kind": kind,
        "kind_label": ReviewReport.Kind(kind).label,
        "report": report,
        "can_draft": access.can_draft_report(user, review),
        "is_staff": is_secretariat(user),
    }
    if report is None:
        return render(request, "reviews/report.html", context, status=status)
    language = request.GET.get("language") or request.POST.get("language") or get_language()
    if language not in LANGUAGE_CODES:
        language = "en"
    sections = list(report.sections.select_related("chapter__instrument").order_by("chapter__order"))
    editable = context["can_draft"] and (
        report.status == ReviewReport.Status.DRAFT
        or (report.status == ReviewReport.Status.AGREED and context["is_staff"])
    )
    forms = forms or {}
    context |= {
        "language": language,
        "languages": settings.LANGUAGES,
        "editable": editable,
        "text_form": forms.get("text")
        or (
            ReportTextForm(report=report, language=language, sections=sections, with_symbol=context["is_staff"])
            if editable
            else None
        ),
        "sections": sections,
        "can_agree": access.can_agree_report(user, review) and report.status == ReviewReport.Status.DRAFT,
        "agree_form": forms.get("agree") or ReportAgreeForm(),
        "reopen_form": forms.get("reopen") or ReportReopenForm(),
        "publish_form": forms.get("publish")
        or ReportPublishForm(initial={"symbol": report.symbol, "on": report.published_on or timezone.localdate()}),
        "translations": service.translation_lines(report),
        "translation_form": TranslationStatusForm() if context["is_staff"] else None,
        "findings_count": review.findings.count(),
        **panel_context(user, report),
    }
    return render(request, "reviews/report.html", context, status=status)


def _redirect(pk, kind, language=None):
    url = reverse("reviews:report", args=[pk, kind])
    return redirect(f"{url}?language={language}" if language else url)


def _failed(request, pk, kind, name, form):
    return report_page(request, pk, kind, forms={name: form}, status=422)


@require_POST
@login_required
def report_start(request, pk, kind):
    review = visible_review_or_404(request, pk)
    try:
        service.report_open(review=review, kind=_kind_or_404(kind), actor=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    return _redirect(pk, kind)


@require_POST
@login_required
def report_edit(request, pk, kind):
    review = visible_review_or_404(request, pk)
    report = _report(review, _kind_or_404(kind))
    if report is None or not access.can_draft_report(request.user, review):
        raise Http404
    language = request.POST.get("language")
    if language not in LANGUAGE_CODES:
        raise Http404
    sections = list(report.sections.select_related("chapter__instrument"))
    form = ReportTextForm(
        request.POST, report=report, language=language, sections=sections, with_symbol=is_secretariat(request.user)
    )
    update = partial(service.report_update, report=report, actor=request.user, language=language)
    if submit_to_service(form, lambda **_fields: update(data=form.service_data())):
        messages.success(request, _("The texts are saved."))
        return _redirect(pk, kind, language)
    return _failed(request, pk, kind, "text", form)


@require_POST
@login_required
def report_agree(request, pk, kind):
    review = visible_review_or_404(request, pk)
    report = _report(review, _kind_or_404(kind))
    if report is None:
        raise Http404
    form = ReportAgreeForm(request.POST)
    if submit_to_service(form, partial(service.report_agree, report=report, actor=request.user)):
        messages.success(request, _("The agreement of the State under review is recorded."))
        return _redirect(pk, kind)
    return _failed(request, pk, kind, "agree", form)


@require_POST
@login_required
def report_reopen(request, pk, kind):
    review = visible_review_or_404(request, pk)
    report = _report(review, _kind_or_404(kind))
    if report is None:
        raise Http404
    form = ReportReopenForm(request.POST)
    if submit_to_service(form, partial(service.report_reopen, report=report, actor=request.user)):
        messages.success(request, _("The report is back in draft."))
        return _redirect(pk, kind)
    return _failed(request, pk, kind, "reopen", form)


@require_POST
@login_required
def report_translation(request, pk, kind, language):
    review = visible_review_or_404(request, pk)
    report = _report(review, _kind_or_404(kind))
    if report is None or not is_secretariat(request.user) or language not in LANGUAGE_CODES:
        raise Http404
    form = TranslationStatusForm(request.POST)
    if form.is_valid():
        try:
            service.translation_set(report=report, actor=request.user, language=language, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("The translation status is saved."))
    else:
        messages.error(request, _("Choose a valid status."))
    return _redirect(pk, kind)


@require_POST
@login_required
def report_publish(request, pk, kind):
    review = visible_review_or_404(request, pk)
    report = _report(review, _kind_or_404(kind))
    if report is None or not is_secretariat(request.user):
        raise Http404
    form = ReportPublishForm(request.POST)
    if submit_to_service(form, partial(service.report_publish, report=report, actor=request.user)):
        messages.success(request, _("Published. The PDFs are being made in the six languages."))
        return _redirect(pk, kind)
    return _failed(request, pk, kind, "publish", form)


@require_POST
@login_required
def report_preview(request, pk, kind):
    """A watermarked draft PDF in one language, made by a worker."""
    review = visible_review_or_404(request, pk)
    report = _report(review, _kind_or_404(kind))
    language = request.POST.get("language")
    if report is None or language not in LANGUAGE_CODES:
        raise Http404
    try:
        draft_preview(document=report, actor=request.user, languages=[language])
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The draft PDF is being made; it appears below when ready."))
    return _redirect(pk, kind, language)
