"""Staff pages of thematic implementation reports and regional supplementary addenda.

The secretariat's only: everyone else gets a 404. The figures are aggregates; no page here
lists, counts or orders States (a State is named only beside a good practice quoted)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.selectors import panel_context
from reference.models import ReviewCycle
from reviewmech.forms import add_service_error
from reviewmech.i18n import field_suffix
from reviewmech.views import secretariat_required

from ..forms import ThematicEditForm, ThematicReportForm
from ..models import ThematicReport
from ..selectors import thematic as selectors
from ..services import thematic as service


def _cycles():
    return list(ReviewCycle.objects.select_related("mechanism").order_by("mechanism__order", "number"))


def _report_or_404(request, pk) -> ThematicReport:
    try:
        return selectors.thematic_report_for(request.user, pk)
    except ThematicReport.DoesNotExist as exc:
        raise Http404 from exc


@secretariat_required
def thematic_home(request):
    """The thematic reports of the latest cycle that has reviews (or of the first cycle)."""
    cycle = (
        ReviewCycle.objects.filter(reviews__isnull=False).order_by("mechanism__order", "-number").first()
        or ReviewCycle.objects.order_by("mechanism__order", "number").first()
    )
    if cycle is None:
        raise Http404
    return redirect("reviews:thematic_list", pk=cycle.pk)


@secretariat_required
def thematic_list(request, pk):
    """The reports of one cycle, and the form that starts a new one."""
    cycle = get_object_or_404(ReviewCycle.objects.select_related("mechanism"), pk=pk)
    status = 200
    form = ThematicReportForm(request.POST or None, cycle=cycle)
    if request.method == "POST":
        if form.is_valid():
            try:
                report = service.thematic_create(cycle=cycle, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("The draft report is created."))
                return redirect("reviews:thematic_detail", pk=report.pk)
        status = 422
    context = {
        "cycle": cycle,
        "cycles": _cycles(),
        "reports": list(selectors.thematic_reports_for(request.user, cycle)),
        "form": form,
    }
    return render(request, "reviews/thematic_list.html", context, status=status)


def _edit_language(request) -> str:
    language = request.POST.get("language") or request.GET.get("language") or "en"
    return language if language in dict(settings.LANGUAGES) else "en"


@secretariat_required
def thematic_detail(request, pk):
    """A report: its figures (live for a draft, frozen once published), the good practices
    to quote, its texts, publication and its PDFs. POST saves the texts of a draft."""
    report = _report_or_404(request, pk)
    language = _edit_language(request)
    suffix = field_suffix(language)
    status = 200
    if request.method == "POST":
        edit_form = ThematicEditForm(request.POST, language=language)
        if edit_form.is_valid():
            data = edit_form.cleaned_data
            try:
                service.thematic_update(
                    report=report,
                    actor=request.user,
                    title=data["title"],
                    introduction=data["introduction"],
                    symbol=data["symbol"],
                    language=language,
                )
            except ValidationError as exc:
                add_service_error(edit_form, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("The report is saved."))
                return redirect(f"{request.path}?language={language}" if language != "en" else request.path)
        status = 422
    else:
        edit_form = ThematicEditForm(
            initial={
                "language": language,
                "title": getattr(report, f"title_{suffix}", ""),
                "introduction": getattr(report, f"introduction_{suffix}", ""),
                "symbol": report.symbol,
            },
            language=language,
        )
    return render(
        request, "reviews/thematic_detail.html", _detail_context(request, report, edit_form, language), status=status
    )


def _detail_context(request, report, edit_form, language):
    draft = report.status == ThematicReport.Status.DRAFT
    quoted = selectors.quoted_findings(report)
    return {
        # The PDF status panel (documents/partials/renditions.html): document, renditions...
        **panel_context(request.user, report),
        "report": report,
        "draft": draft,
        "figures": selectors.report_figures(report),
        "candidates": list(selectors.report_candidates(report)) if draft else [],
        "quoted": quoted,
        "quoted_ids": {finding.pk for finding in quoted},
        "edit_form": edit_form if draft else None,
        "edit_language": language,
        "languages": settings.LANGUAGES,
    }


@require_POST
@secretariat_required
def thematic_quotes(request, pk):
    """Save the choice of good practices to quote (the ticked boxes replace the earlier choice)."""
    report = _report_or_404(request, pk)
    ids = [int(value) for value in request.POST.getlist("finding") if value.isdigit()]
    try:
        chosen = service.thematic_quote_set(report=report, actor=request.user, findings=ids)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("Good practices quoted: %(count)s.") % {"count": len(chosen)})
    return redirect("reviews:thematic_detail", pk=report.pk)


@require_POST
@secretariat_required
def thematic_publish(request, pk):
    """Publish: the figures are frozen and the PDFs are made in the six languages."""
    report = _report_or_404(request, pk)
    try:
        service.thematic_publish(report=report, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("The report is published; its PDFs are being made in the six languages."))
    return redirect("reviews:thematic_detail", pk=report.pk)
