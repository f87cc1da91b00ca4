"""Findings of a review: good practices, challenges, recommendations and technical assistance
needs, one article each, drafted by the reviewing experts with the secretariat.

What may change depends on the review's executive summary:

* no summary yet, or a draft: the experts on the review and the secretariat create, edit,
  reorder and delete findings;
* agreed by the State under review: only the secretariat, giving a reason that the history
  keeps;
* published: the findings' text is frozen for everyone; only their follow-up moves on.

The follow-up (status, date, note) is reported by the focal point of the State under review
or the secretariat, at any time. Every save writes a history row with who did it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reference.models import Article, TechnicalAssistanceCategory
from reviewmech.i18n import field_suffix

from ..access import can_draft_findings, can_manage_review, can_update_follow_up
from ..models import CountryReview, Finding, ReviewReport
from .checklist import articles_under_review

MAX_TEXT = 10000

DRAFT, AGREED, PUBLISHED = ReviewReport.Status.DRAFT, ReviewReport.Status.AGREED, ReviewReport.Status.PUBLISHED


def summary_status(review: CountryReview, *, lock: bool = False) -> str:
    """Where the review's executive summary stands; no summary yet counts as a draft. With
    ``lock`` (inside a transaction) the summary row is locked so that it cannot be agreed or
    published while a finding is being saved."""
    reports = ReviewReport.objects.filter(review=review, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY)
    if lock:
        reports = reports.select_for_update()
    status = reports.values_list("status", flat=True).first()
    return status or DRAFT


def findings_editable_by(user, review: CountryReview, status: str | None = None) -> bool:
    """Whether ``user`` may change the findings of ``review`` now (for pages: which forms to
    offer). The services decide again when they save."""
    if not can_draft_findings(user, review):
        return False
    status = status or summary_status(review)
    if status == PUBLISHED:
        return False
    return status == DRAFT or can_manage_review(user, review)


def _check_drafting(actor, review: CountryReview, reason: str = "") -> str:
    """Authorize a change to the findings' content; return the reason to record (empty while
    the summary is a draft)."""
    if not can_draft_findings(actor, review):
        raise PermissionDenied(_("Only the reviewing experts and the secretariat draft findings."))
    status = summary_status(review, lock=True)
    if status == PUBLISHED:
        raise ValidationError(
            _("The executive summary is published: its findings can no longer be changed. Only their follow-up can.")
        )
    if status == AGREED:
        if not can_manage_review(actor, review):
            raise ValidationError(
                _("The State under review has agreed to the executive summary: only the secretariat may change it now.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(
                {"reason": _("Give the reason for changing a finding after the State under review agreed.")}
            )
        if len(reason) > 500:
            raise ValidationError({"reason": _("A reason has at most %(max)s characters.") % {"max": 500}})
        return reason
    return ""


def _clean_text(text: str | None, field: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Write the text of the finding.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("A finding has at most %(max)s characters.") % {"max": MAX_TEXT}})
    return text


def _clean_content(
    *, review: CountryReview, article: Article | None, kind: str, ta_category: TechnicalAssistanceCategory | None
):
    errors = {}
    if article is None or not articles_under_review(review).filter(pk=article.pk).exists():
        errors["article"] = _("Choose one of the articles under review in this review.")
    if kind not in Finding.Kind.values:
        errors["kind"] = _("Choose the kind of finding.")
    elif kind == Finding.Kind.TA_NEED and ta_category is None:
        errors["ta_category"] = _("Choose the category of the technical assistance needed.")
    if errors:
        raise ValidationError(errors)


def _record(finding: Finding, actor, reason: str):
    finding._history_user = actor
    if reason:
        finding._change_reason = reason


def _next_order(review: CountryReview, article: Article, kind: str) -> int:
    top = Finding.objects.filter(review=review, article=article, kind=kind).aggregate(top=Max("order"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def finding_create(
    *,
    review: CountryReview,
    actor,
    article: Article | None,
    kind: str,
    text: str,
    ta_category: TechnicalAssistanceCategory | None = None,
    reason: str = "",
) -> Finding:
    """Add a finding on an article under review, last of its kind on that article. The text is
    stored in the language of the actor's interface (the active language)."""
    reason = _check_drafting(actor, review, reason)
    text = _clean_text(text)
    _clean_content(review=review, article=article, kind=kind, ta_category=ta_category)
    now = timezone.now()
    finding = Finding(
        review=review,
        article=article,
        kind=kind,
        ta_category=ta_category,
        order=_next_order(review, article, kind),
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    finding.text = text  # modeltranslation: the active language's field
    _record(finding, actor, reason)
    finding.save()
    return finding


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    actor,
    article: Article | None,
    kind: str,
    text: str,
    ta_category: TechnicalAssistanceCategory | None = None,
    reason: str = "",
    language: str | None = None,
) -> Finding:
    """Change a finding. The text is written in ``language`` (default: the active language):
    the language of the text the person was shown and edited, so that correcting an English
    finding on the French page corrects the English text instead of filing it as French."""
    finding = Finding.objects.select_for_update().select_related("review").get(pk=finding.pk)
    reason = _check_drafting(actor, finding.review, reason)
    text = _clean_text(text)
    _clean_content(review=finding.review, article=article, kind=kind, ta_category=ta_category)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."))
    moved = (finding.article_id, finding.kind) != (article.pk, kind)
    finding.article = article
    finding.kind = kind
    finding.ta_category = ta_category
    if moved:
        finding.order = _next_order(finding.review, article, kind)
    with translation.override(language):
        finding.text = text
    finding.updated_at = timezone.now()
    _record(finding, actor, reason)
    finding.save(
        update_fields=["article", "kind", "ta_category", "order", f"text_{field_suffix(language)}", "updated_at"]
    )
    return finding


@transaction.atomic
def finding_delete(*, finding: Finding, actor, reason: str = "") -> None:
    finding = Finding.objects.select_for_update().select_related("review").get(pk=finding.pk)
    reason = _check_drafting(actor, finding.review, reason)
    _record(finding, actor, reason)
    finding.delete()


@transaction.atomic
def finding_move(*, finding: Finding, actor, direction: str, reason: str = "") -> Finding:
    """Move a finding one place up or down among the findings of its kind on its article."""
    finding = Finding.objects.select_for_update().select_related("review").get(pk=finding.pk)
    reason = _check_drafting(actor, finding.review, reason)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a finding up or down."))
    siblings = list(
        Finding.objects.filter(review=finding.review_id, article=finding.article_id, kind=finding.kind).order_by(
            "order", "pk"
        )
    )
    index = next(i for i, f in enumerate(siblings) if f.pk == finding.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return finding
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            sibling.order = position
            _record(sibling, actor, reason)
            sibling.save(update_fields=["order"])
    finding.refresh_from_db()
    return finding


@transaction.atomic
def finding_translations_save(*, finding: Finding, actor, texts: dict[str, str]) -> Finding:
    """The secretariat sets the text of a finding in each language (``{"fr": "...", ...}``;
    an empty text removes that translation). At least one language keeps a text."""
    finding = Finding.objects.select_for_update().select_related("review").get(pk=finding.pk)
    if not can_manage_review(actor, finding.review):
        raise PermissionDenied(_("Only the secretariat translates findings."))
    if summary_status(finding.review, lock=True) == PUBLISHED:
        raise ValidationError(
            _("The executive summary is published: its findings can no longer be changed. Only their follow-up can.")
        )
    languages = dict(settings.LANGUAGES)
    changed, errors = [], {}
    for language, text in texts.items():
        if language not in languages:
            raise ValidationError(_("Unknown language."))
        name = f"text_{field_suffix(language)}"
        text = (text or "").strip()
        if len(text) > MAX_TEXT:
            errors[name] = _("A finding has at most %(max)s characters.") % {"max": MAX_TEXT}
            continue
        if (getattr(finding, name) or "") != text:
            setattr(finding, name, text or None)
            changed.append(language)
    if errors:
        raise ValidationError(errors)
    if not any(getattr(finding, f"text_{field_suffix(code)}") for code in languages):
        raise ValidationError(_("A finding needs its text in at least one language."))
    if not changed:
        return finding
    finding.updated_at = timezone.now()
    # Reasons the system writes stay in one language, whatever the interface: they are data.
    _record(finding, actor, "translations: " + ", ".join(changed))
    finding.save(update_fields=[*(f"text_{field_suffix(code)}" for code in changed), "updated_at"])
    return finding


@transaction.atomic
def finding_follow_up(*, finding: Finding, actor, status: str, on=None, note: str = "") -> Finding:
    """Report how the State under review followed a finding up: its focal point or the
    secretariat, at any time (also after publication). The date is required once implemented
    and is never in the future."""
    finding = Finding.objects.select_for_update().select_related("review").get(pk=finding.pk)
    if not can_update_follow_up(actor, finding.review):
        raise PermissionDenied(_("Only the State under review and the secretariat report the follow-up."))
    note = (note or "").strip()
    errors = {}
    if status not in Finding.FollowUp.values:
        errors["follow_up_status"] = _("Choose where the follow-up stands.")
    if status == Finding.FollowUp.IMPLEMENTED and on is None:
        errors["follow_up_on"] = _("Give the date on which it was implemented.")
    elif on is not None and on > timezone.localdate():
        errors["follow_up_on"] = _("The date cannot be in the future.")
    if len(note) > MAX_TEXT:
        errors["follow_up_note"] = _("A note has at most %(max)s characters.") % {"max": MAX_TEXT}
    if errors:
        raise ValidationError(errors)
    finding.follow_up_status = status
    finding.follow_up_on = on
    finding.follow_up_note = note
    finding.updated_at = timezone.now()
    _record(finding, actor, "follow-up")
    finding.save(update_fields=["follow_up_status", "follow_up_on", "follow_up_note", "updated_at"])
    return finding
