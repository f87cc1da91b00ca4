"""The executive summary and the country review report: drafted by the experts with the
secretariat, agreed by the State under review, translated into the six languages, published.

Publishing asks the workers for one PDF per language (after the transaction commits); a web
request never renders one."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services.renditions import request_renditions
from reviewmech.i18n import field_suffix
from reviewmech.roles import is_secretariat

from .. import access
from ..models import ConsentDecision, CountryReview, ReportSection, ReportTranslation, ReviewReport
from .issuing import issue_with, report_titles, symbol_set
from .workflow import review_step_reached

#: The workflow steps that these events complete, when the review is waiting for them.
AGREED_STEPS = ("report_agreed", "observations_agreed")
PUBLISHED_STEPS = ("published",)
TEXT_FIELDS = ("introduction", "legal_framework")
MAX_TEXT = 100_000


def report_open(*, review: CountryReview, kind: str, actor) -> ReviewReport:
    """The review's report of this kind, created on first use with one section per chapter
    under review (UNCAC) or one for the cluster (UNTOC), and a translation line per language."""
    if not access.can_draft_report(actor, review):
        raise PermissionDenied(_("You may not draft this report."))
    existing = ReviewReport.objects.filter(review=review, kind=kind).first()
    if existing:
        return existing
    if kind not in ReviewReport.Kind.values:
        raise ValidationError(_("Unknown kind of report."))
    with transaction.atomic():
        report, _created = ReviewReport.objects.get_or_create(
            review=review, kind=kind, defaults={"original_language": review.primary_language}
        )
        chapters = list(review.cycle.chapters.filter(instrument_id=review.instrument_id).order_by("order"))
        for chapter in chapters or [None]:
            ReportSection.objects.get_or_create(report=report, chapter=chapter)
        for code, _name in settings.LANGUAGES:
            # The original needs no translation: it is the text the others are checked against.
            original = code == report.original_language
            ReportTranslation.objects.get_or_create(
                report=report,
                language=code,
                defaults={"status": ReportTranslation.Status.CHECKED if original else ReportTranslation.Status.PENDING},
            )
    return report


def report_update(*, report: ReviewReport, actor, language: str, data: dict) -> ReviewReport:
    """Save the texts of one language version (``data``: introduction, legal_framework,
    ``sections`` {section id: narrative}) and, for the original version, the symbol."""
    if not access.can_draft_report(actor, report.review):
        raise PermissionDenied(_("You may not edit this report."))
    if report.status != ReviewReport.Status.DRAFT and not is_secretariat(actor):
        raise ValidationError(
            _("The State under review has agreed to this report; only the secretariat may change it.")
        )
    if report.status == ReviewReport.Status.PUBLISHED:
        raise ValidationError(_("The report is published and can no longer be changed."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."))
    suffix = field_suffix(language)
    errors = {}
    for name in TEXT_FIELDS:
        if len(data.get(name) or "") > MAX_TEXT:
            errors[name] = _("At most %(limit)s characters.") % {"limit": f"{MAX_TEXT:,}"}
    sections = {s.pk: s for s in report.sections.all()}
    for section_id, text in (data.get("sections") or {}).items():
        if int(section_id) not in sections:
            raise ValidationError(_("This section is not part of the report."))
        if len(text or "") > MAX_TEXT:
            errors["sections"] = _("At most %(limit)s characters.") % {"limit": f"{MAX_TEXT:,}"}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for name in TEXT_FIELDS:
            if name in data:
                setattr(report, f"{name}_{suffix}", data[name] or "")
        if "symbol" in data:
            _symbol_set(report, data["symbol"], actor)
        report.updated_at = timezone.now()
        report._history_user = actor
        report.save()
        for section_id, text in (data.get("sections") or {}).items():
            section = sections[int(section_id)]
            setattr(section, f"narrative_{suffix}", text or "")
            section._history_user = actor
            section.save()
    return report


def report_agree(
    *, report: ReviewReport, actor, consent_to_publish: bool = False, on: datetime.date | None = None
) -> ReviewReport:
    """The State under review agrees to the report (its focal point, or the secretariat on
    its behalf), and says whether the full report may be published."""
    if not access.can_agree_report(actor, report.review):
        raise PermissionDenied(_("Only the State under review agrees to its report."))
    if report.status != ReviewReport.Status.DRAFT:
        raise ValidationError(_("This report has already been agreed."))
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if not report.review.findings.exists() and not any(getattr(report, f"{n}_en") for n in TEXT_FIELDS):
        raise ValidationError(_("The report is empty: record the findings before the State agrees to it."))
    with transaction.atomic():
        report.status = ReviewReport.Status.AGREED
        report.agreed_on = on
        report.agreed_by = actor
        report.consent_to_publish = bool(consent_to_publish)
        report.updated_at = timezone.now()
        report._history_user = actor
        report.save()
        if report.kind == ReviewReport.Kind.COUNTRY_REPORT:
            # The State's decision on publishing its full report goes into the consent ledger.
            ConsentDecision.objects.create(
                review=report.review,
                item=ConsentDecision.Item.FULL_REPORT,
                decision=ConsentDecision.Decision.GRANTED if consent_to_publish else ConsentDecision.Decision.REFUSED,
                decided_on=on,
                message=_("With the agreement to the report."),
                recorded_by=actor,
            )
        if report.kind == ReviewReport.Kind.EXECUTIVE_SUMMARY:
            review_step_reached(review=report.review, codes=AGREED_STEPS, actor=actor, on=on)
    return report


def report_reopen(*, report: ReviewReport, actor, reason: str) -> ReviewReport:
    """The secretariat takes an agreed report back to draft (the State asked for a change)."""
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat may reopen a report."))
    if report.status != ReviewReport.Status.AGREED:
        raise ValidationError(_("Only an agreed, unpublished report can be reopened."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    report.status = ReviewReport.Status.DRAFT
    report.agreed_on = None
    report.agreed_by = None
    report.updated_at = timezone.now()
    report._history_user = actor
    report._change_reason = reason.strip()[:100]
    report.save()
    return report


def translation_set(*, report: ReviewReport, actor, language: str, status: str, translator=None) -> ReportTranslation:
    """Record where the translation into one language stands. Once the report is published,
    a finished translation is rendered again (only that language, and only if it changed)."""
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat manages translations."))
    if status not in ReportTranslation.Status.values:
        raise ValidationError({"status": _("Unknown translation status.")})
    line = ReportTranslation.objects.filter(report=report, language=language).first()
    if line is None:
        raise ValidationError(_("Unknown language."))
    with transaction.atomic():
        line.status = status
        line.translator = translator
        line.updated_at = timezone.now()
        line._history_user = actor
        line.save()
        if report.status == ReviewReport.Status.PUBLISHED and status != ReportTranslation.Status.PENDING:
            request_renditions(report, languages=[language])
    return line


def report_publish(
    *, report: ReviewReport, actor, on: datetime.date | None = None, symbol: str | None = None
) -> ReviewReport:
    """Publish (or issue again) the report: the workers render it in the six languages.
    Issuing again an unchanged report renders nothing: each worker finds the same content."""
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat publishes reports."))
    if report.status == ReviewReport.Status.DRAFT:
        raise ValidationError(_("The State under review has not yet agreed to the report: it cannot be published."))
    on = on or report.published_on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    with transaction.atomic():
        if symbol is not None and symbol.strip():
            _symbol_set(report, symbol, actor)
        if not report.symbol:
            raise ValidationError({"symbol": _("Give the document symbol before publishing.")})
        issue_with(report, actor=actor, on=on)
        first_time = report.status != ReviewReport.Status.PUBLISHED
        if first_time:
            report.status = ReviewReport.Status.PUBLISHED
            report.published_on = on
            report.published_by = actor
        report.updated_at = timezone.now()
        report._history_user = actor
        report.save()
        if first_time and report.kind == ReviewReport.Kind.EXECUTIVE_SUMMARY:
            review_step_reached(review=report.review, codes=PUBLISHED_STEPS, actor=actor, on=on)
        request_renditions(report)
    return report


def _symbol_set(report: ReviewReport, symbol: str, actor) -> None:
    """The report's symbol, registered in the documents registry with the report as source."""
    symbol_set(
        owner=report,
        symbol=symbol,
        actor=actor,
        titles=report_titles(report),
        body=report.review.cycle.mechanism.overseen_by,
        original_language=report.original_language,
    )


def translation_lines(report: ReviewReport) -> list[ReportTranslation]:
    """The six lines in the order of ``LANGUAGES``."""
    order = {code: i for i, (code, _name) in enumerate(settings.LANGUAGES)}
    lines = list(report.translations.select_related("translator"))
    return sorted(lines, key=lambda line: order.get(line.language, 99))
