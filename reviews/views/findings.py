"""Findings pages: the findings of a review by chapter and article, drafted by the reviewing
experts with the secretariat, followed up by the State under review. Never public."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

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


#: A finding id no review reaches, reversed once and replaced per row (see ``_finding_urls``).
_PLACEHOLDER = 2147483647


def _finding_urls(review) -> dict[str, str]:
    """The addresses of a finding's actions as format strings: one ``reverse`` per action
    rather than one per finding (150 findings, four actions each)."""
    return {
        name: reverse(f"reviews:finding_{name}", args=[review.pk, _PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")
        for name in ("edit", "delete", "move", "follow_up", "item")
    }


def _prepare_rows(findings, urls, here=None):
    """Give each row what its item shows beside the text: the addresses of its actions, whether
    it can move up or down within its group, and whether it is the one ``here`` (a finding pk)
    whose form is open, and the names of the languages it is missing (each name translated once
    per page, not once per finding)."""
    edit, delete, move, follow_up = urls["edit"], urls["delete"], urls["move"], urls["follow_up"]
    language_names = {code: str(get_language_info(code)["name_translated"]) for code, _name in settings.LANGUAGES}
    for section in findings.sections:
        for article in section.articles:
            for group in article.kinds:
                last = len(group.findings) - 1
                for i, row in enumerate(group.findings):
                    pk = row.pk
                    row.edit_url = edit.format(pk)
                    row.delete_url = delete.format(pk)
                    row.move_url = move.format(pk)
                    row.follow_up_url = follow_up.format(pk)
                    row.movable = last > 0
                    row.first = i == 0
                    row.last = i == last
                    row.here = pk == here
                    row.missing_names = ", ".join(language_names[code] for code in row.missing_languages)


#: The words of every finding's item, translated once per page rather than once per finding.
_ITEM_LABELS = {
    "edit": gettext_lazy("Edit"),
    "delete": gettext_lazy("Delete"),
    "move_up": gettext_lazy("Move up"),
    "move_down": gettext_lazy("Move down"),
    "follow_up": gettext_lazy("Update the follow-up"),
    "follow_up_badge": gettext_lazy("Follow-up:"),
    "ta_badge": gettext_lazy("Technical assistance:"),
    "missing": gettext_lazy("Missing translations:"),
}


def _rights(request, review, summary):
    """What the person may do on the findings, for the page and its fragments."""
    user = request.user
    editable = service.findings_editable_by(user, review, summary)
    require_reason = _asks_reason(user, review, summary)
    return {
        "review": review,
        "summary_status": summary,
        "editable": editable,
        "can_move": editable and not require_reason,
        "require_reason": require_reason,
        "can_follow_up": access.can_update_follow_up(user, review),
        "can_translate": access.can_manage_review(user, review) and summary != ReviewReport.Status.PUBLISHED,
        "labels": {name: str(label) for name, label in _ITEM_LABELS.items()},
    }


def _page(request, review, *, add_form=None, editing=None, status=200):
    """The findings page: each finding as text with links to its actions, whose forms come on
    demand (``_fragment``). ``editing`` (see ``_editing``) shows one finding's form in its
    place: the page without JavaScript, or a form posted back with its errors."""
    summary = service.summary_status(review)
    findings = findings_for_review(request.user, review)
    context = _rights(request, review, summary)
    _prepare_rows(findings, _finding_urls(review), here=editing["finding"].pk if editing else None)
    if context["editable"] and add_form is None and editing is None:
        add_form = _finding_form(review, require_reason=context["require_reason"], prefix="new")
    context |= {
        "findings": findings,
        "summary_label": ReviewReport.Status(summary).label,
        # A form posted back keeps its errors on show, even when they say it can no longer be used.
        "add_form": add_form,
        "editing": editing,
    }
    return render(request, "reviews/findings.html", context, status=status)


def _fragment(request, review, finding_pk, *, editing=None, status=200, summary=None):
    """One finding's item as HTMX swaps it in place of the one on the page: read-only, or with
    the form ``editing`` describes (with its errors, if any, and the messages of the action)."""
    summary = summary or service.summary_status(review)
    findings = findings_for_review(request.user, review)
    row = next((r for r in findings.rows() if r.pk == finding_pk), None)
    if row is None:  # deleted meanwhile
        return HttpResponseClientRedirect(_anchor(review))
    _prepare_rows(findings, _finding_urls(review), here=finding_pk if editing else None)
    context = _rights(request, review, summary) | {"row": row, "editing": editing, "fragment": True}
    return render(request, "reviews/partials/finding_item.html", context, status=status)


def _form_response(request, review, finding, editing, *, summary=None, bound=False):
    """A finding's form: the fragment for HTMX, else the page with the form in its place. A
    form posted back with errors answers 422 (200 to HTMX, which swaps only successes)."""
    status = 422 if bound and not request.htmx else 200
    if request.htmx:
        return _fragment(request, review, finding.pk, editing=editing, status=status, summary=summary)
    return _page(request, review, editing=editing, status=status)


def _saved(request, review, finding_pk, message):
    """After a finding is saved: its item in place for HTMX, else back to it on the page."""
    messages.success(request, message)
    if request.htmx:
        return _fragment(request, review, finding_pk)
    return redirect(_anchor(review, finding_pk))


def _back(request, review, finding_pk=None):
    """To the page (at the finding): HTMX is told to load it whole, not to swap it in."""
    if request.htmx:
        return HttpResponseClientRedirect(_anchor(review, finding_pk))
    return redirect(_anchor(review, finding_pk))


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
def finding_item(request, pk, finding_pk):
    """One finding, read-only: the fragment HTMX puts back when a form is cancelled; without
    HTMX, the finding on the page."""
    review = _readable_review_or_404(request, pk)
    finding = _finding_or_404(review, finding_pk)
    if not request.htmx:
        return redirect(_anchor(review, finding.pk))
    return _fragment(request, review, finding.pk)


@login_required
def finding_edit(request, pk, finding_pk):
    """GET: the finding's form (and its translations for the secretariat), in its place on the
    page or as a fragment for HTMX. POST: save it."""
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
                if (data["article"].pk, data["kind"]) != (finding.article_id, finding.kind):
                    # Under another article or kind: the page is read again, in its new place.
                    messages.success(request, _("The finding is saved."))
                    return _back(request, review, finding.pk)
                return _saved(request, review, finding.pk, _("The finding is saved."))
        editing = _editing(request, review, finding, form, summary)
        return _form_response(request, review, finding, editing, summary=summary, bound=True)
    if not service.findings_editable_by(request.user, review, summary):
        messages.error(request, _("The findings of this review can no longer be changed."))
        return _back(request, review, finding.pk)
    form = _edit_form(request, review, finding, summary)
    return _form_response(request, review, finding, _editing(request, review, finding, form, summary), summary=summary)


def _editing(request, review, finding, form, summary, translations_form=None):
    """What the page or the fragment needs to show a finding being edited."""
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
        "mode": "edit",
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
            return _saved(request, review, finding.pk, _("The translations are saved."))
    summary = service.summary_status(review)
    editing = _editing(
        request, review, finding, _edit_form(request, review, finding, summary), summary, translations_form=form
    )
    return _form_response(request, review, finding, editing, summary=summary, bound=True)


@require_http_methods(["GET", "POST"])
@login_required
def finding_delete(request, pk, finding_pk):
    """GET: the question "delete this finding?", in its place on the page or as a fragment for
    HTMX. POST: delete it, and back to the page."""
    review = _readable_review_or_404(request, pk)
    if not access.can_draft_findings(request.user, review):
        raise Http404
    finding = _finding_or_404(review, finding_pk)
    if request.method == "GET":
        summary = service.summary_status(review)
        if not service.findings_editable_by(request.user, review, summary):
            messages.error(request, _("The findings of this review can no longer be changed."))
            return _back(request, review, finding.pk)
        return _form_response(request, review, finding, {"mode": "delete", "finding": finding}, summary=summary)
    form = FindingReasonForm(request.POST)
    form.is_valid()
    try:
        service.finding_delete(finding=finding, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request, review, finding.pk)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The finding is deleted."))
    return _back(request, review)


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
    return _back(request, review, finding.pk)


@require_http_methods(["GET", "POST"])
@login_required
def finding_follow_up(request, pk, finding_pk):
    """GET: the follow-up form, in its place on the page or as a fragment for HTMX. POST: save
    it."""
    review = _readable_review_or_404(request, pk)
    if not access.can_update_follow_up(request.user, review):
        raise Http404
    finding = _finding_or_404(review, finding_pk)
    prefix = f"f{finding.pk}"
    if request.method == "GET":
        form = FindingFollowUpForm(
            prefix=prefix,
            initial={
                "follow_up_status": finding.follow_up_status,
                "follow_up_on": finding.follow_up_on,
                "follow_up_note": finding.follow_up_note,
            },
        )
        return _form_response(request, review, finding, {"mode": "follow_up", "finding": finding, "form": form})
    form = FindingFollowUpForm(request.POST, prefix=prefix)
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
            return _saved(request, review, finding.pk, _("The follow-up is saved."))
    editing = {"mode": "follow_up", "finding": finding, "form": form}
    return _form_response(request, review, finding, editing, bound=True)
