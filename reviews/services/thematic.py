"""Thematic implementation reports and regional supplementary addenda: compiled by the
secretariat from the findings of the completed reviews of a cycle, for one chapter (UNCAC) or
one cluster (UNTOC), optionally for one regional group.

A draft shows its figures computed live; publishing freezes them in ``figures``, so the
published document never changes under its readers when later reviews complete, and asks
the workers for the PDF in the six languages (after the transaction commits).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.services.renditions import request_renditions
from reference.models import Chapter, Cluster, RegionalGroup, ReviewCycle
from reviewmech.i18n import field_suffix
from reviewmech.roles import is_secretariat

from ..models import Finding, ThematicReport
from ..selectors.thematic import report_candidates, report_scope, thematic_figures
from .issuing import issue_with, symbol_set, thematic_titles

MAX_TITLE = 300
MAX_SYMBOL = 60
MAX_TEXT = 100_000
#: The language the secretariat drafts in; the document's original.
ORIGINAL_LANGUAGE = "en"


def _require_secretariat(actor):
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat compiles thematic reports."))


def _require_draft(report: ThematicReport):
    if report.status != ThematicReport.Status.DRAFT:
        raise ValidationError(_("The report is published and can no longer be changed."))


def _clean_texts(*, title: str, introduction: str, symbol: str, title_required: bool = True) -> dict:
    title = (title or "").strip()
    introduction = (introduction or "").strip()
    symbol = (symbol or "").strip()
    errors = {}
    if title_required and not title:
        errors["title"] = _("Give the report a title.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("At most %(limit)s characters.") % {"limit": MAX_TITLE}
    if len(introduction) > MAX_TEXT:
        errors["introduction"] = _("At most %(limit)s characters.") % {"limit": f"{MAX_TEXT:,}"}
    if len(symbol) > MAX_SYMBOL:
        errors["symbol"] = _("At most %(limit)s characters.") % {"limit": MAX_SYMBOL}
    if errors:
        raise ValidationError(errors)
    return {"title": title, "introduction": introduction, "symbol": symbol}


def _clean_scope(cycle: ReviewCycle, chapter: Chapter | None, cluster: Cluster | None):
    if (chapter is None) == (cluster is None):
        raise ValidationError(_("Choose either a chapter of the Convention or a cluster, not both."))
    if chapter is not None and not cycle.chapters.filter(pk=chapter.pk).exists():
        raise ValidationError({"chapter": _("This chapter is not reviewed in this cycle.")})
    if cluster is not None and not cycle.clusters.filter(pk=cluster.pk).exists():
        raise ValidationError({"cluster": _("This cluster is not reviewed in this phase.")})


def thematic_create(
    *,
    cycle: ReviewCycle,
    actor,
    title: str,
    chapter: Chapter | None = None,
    cluster: Cluster | None = None,
    regional_group: RegionalGroup | None = None,
    introduction: str = "",
    symbol: str = "",
) -> ThematicReport:
    """A draft thematic report (no regional group) or regional supplementary addendum (with
    one), in English, the original language."""
    _require_secretariat(actor)
    _clean_scope(cycle, chapter, cluster)
    texts = _clean_texts(title=title, introduction=introduction, symbol=symbol)
    suffix = field_suffix(ORIGINAL_LANGUAGE)
    with transaction.atomic():
        report = ThematicReport.objects.create(
            cycle=cycle,
            chapter=chapter,
            cluster=cluster,
            regional_group=regional_group,
            created_by=actor,
            **{f"title_{suffix}": texts["title"], f"introduction_{suffix}": texts["introduction"]},
        )
        _symbol_set(report, texts["symbol"], actor)
    return report


def thematic_update(
    *,
    report: ThematicReport,
    actor,
    title: str,
    introduction: str = "",
    symbol: str = "",
    language: str = ORIGINAL_LANGUAGE,
) -> ThematicReport:
    """Change a draft's title and introduction in one language version (English, the
    original, by default; an empty translation falls back to English, marked) and its symbol."""
    _require_secretariat(actor)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."))
    texts = _clean_texts(
        title=title, introduction=introduction, symbol=symbol, title_required=language == ORIGINAL_LANGUAGE
    )
    suffix = field_suffix(language)
    with transaction.atomic():
        locked = ThematicReport.objects.select_for_update().get(pk=report.pk)
        _require_draft(locked)
        setattr(locked, f"title_{suffix}", texts["title"])
        setattr(locked, f"introduction_{suffix}", texts["introduction"])
        locked.save(update_fields=[f"title_{suffix}", f"introduction_{suffix}"])
        _symbol_set(locked, texts["symbol"], actor)
    return locked


def _symbol_set(report: ThematicReport, symbol: str, actor) -> None:
    """The report's symbol, registered in the documents registry with the report as source."""
    symbol_set(
        owner=report,
        symbol=symbol,
        actor=actor,
        titles=thematic_titles(report),
        body=report.cycle.mechanism.overseen_by,
        original_language=ORIGINAL_LANGUAGE,
    )


def thematic_quote_set(*, report: ThematicReport, actor, findings: Iterable[Finding | int]) -> list[int]:
    """Choose the good practices the report quotes (replacing the earlier choice): only good
    practices found by the reviews the report covers, on its articles."""
    _require_secretariat(actor)
    ids = {finding if isinstance(finding, int) else finding.pk for finding in findings}
    with transaction.atomic():
        locked = ThematicReport.objects.select_for_update().select_related("cycle").get(pk=report.pk)
        _require_draft(locked)
        allowed = set(report_candidates(locked).filter(pk__in=ids).values_list("pk", flat=True))
        if ids - allowed:
            raise ValidationError(
                _("Only good practices found by the completed reviews this report covers can be quoted.")
            )
        locked.quoted_findings.set(sorted(ids))
    return sorted(ids)


def thematic_publish(*, report: ThematicReport, actor, on: datetime.date | None = None) -> ThematicReport:
    """Freeze the figures, record who published and when, and ask for the six PDFs."""
    _require_secretariat(actor)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    with transaction.atomic():
        locked = ThematicReport.objects.select_for_update().select_related("cycle").get(pk=report.pk)
        _require_draft(locked)
        # Computed in the original language; every language version reads its own titles
        # from the per-language texts kept in the figures.
        with translation.override(ORIGINAL_LANGUAGE):
            figures = thematic_figures(locked.cycle, **report_scope(locked))
        if not figures["reviews_covered"]:
            raise ValidationError(_("No completed review covers this report yet: there is nothing to publish."))
        quoted = set(locked.quoted_findings.values_list("pk", flat=True))
        if quoted - set(report_candidates(locked).filter(pk__in=quoted).values_list("pk", flat=True)):
            raise ValidationError(_("Some quoted good practices no longer qualify; choose the quotes again."))
        locked.figures = figures
        locked.status = ThematicReport.Status.PUBLISHED
        locked.published_on = on
        locked.published_by = actor
        locked.save(update_fields=["figures", "status", "published_on", "published_by"])
        issue_with(locked, actor=actor, on=on)
        # Enqueued by request_renditions once this transaction commits.
        request_renditions(locked)
    return locked
