"""Reports of the reviews app issued as documents of the registry (``documents``): the symbol
the secretariat gives a report registers it, as a draft, with the report as its source (its
PDFs are the document's files); publishing the report issues the document."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from documents.models import Document
from documents.services.registry import document_issue, document_register, document_update, document_withdraw


def report_titles(report) -> dict[str, str]:
    """The title of an executive summary or country report in each language, as its PDF has it."""
    titles = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles[code] = _("%(kind)s: %(state)s") % {
                "kind": report.get_kind_display(),
                "state": report.review.state.name,
            }
    return titles


def thematic_titles(report) -> dict[str, str]:
    """A thematic report's title in the languages it has one."""
    return {code: getattr(report, f"title_{code.replace('-', '_')}") or "" for code, _name in settings.LANGUAGES}


def symbol_set(*, owner, symbol: str, actor, titles: dict, body=None, original_language: str = "en") -> None:
    """Give ``owner`` (a report with a ``document`` field) the symbol ``symbol``: registered as a
    draft document whose source is the report. A draft given another symbol is withdrawn from
    the registry; an issued document keeps its symbol. Refusals are on the field ``symbol``."""
    symbol = (symbol or "").strip()
    current = owner.document
    if current is not None and current.symbol == symbol:
        if current.status == Document.Status.DRAFT:  # the titles follow the report's
            document_update(document=current, actor=actor, title=titles)
        return
    if current is not None and current.status == Document.Status.ISSUED:
        raise ValidationError(
            {
                "symbol": _("The document is issued under %(symbol)s: its symbol no longer changes.")
                % {"symbol": current.symbol}
            }
        )
    if current is not None:
        owner.document = None
        owner.save(update_fields=["document"])
        document_withdraw(document=current, actor=actor)
    if not symbol:
        return
    owner.document = document_register(
        actor=actor,
        symbol=symbol,
        title=titles,
        original_language=original_language,
        body=body,
        source=owner,
    )
    owner.save(update_fields=["document"])


def issue_with(owner, *, actor, on: datetime.date) -> None:
    """Publishing the report issues its document (already issued: nothing changes)."""
    if owner.document_id and Document.objects.filter(pk=owner.document_id, status=Document.Status.DRAFT).exists():
        document_issue(document=owner.document, actor=actor, on=on)
