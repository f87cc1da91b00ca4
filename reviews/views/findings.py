"""Findings pages: the findings of a review by chapter and article, drafted by the reviewing
experts with the secretariat, followed up by the State under review. Never public."""

import hashlib
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from reviewmech.forms import add_service_error
from reviewmech.i18n import field_suffix
from reviewmech.templatetags.reviewmech import fallback_badge, shown

from .. import access
from ..forms import (
    AnswerForm,
    FindingFollowUpForm,
    FindingForm,
    FindingReasonForm,
    FindingTranslationsForm,
)
from ..models import Finding, ReviewReport
from ..selectors.findings import finding_text, findings_for_review, section_key
from ..services import findings as service
from ..services.checklist import articles_under_review
from .helpers import PLACEHOLDER, kept_part, url_of_pk, visible_review_or_404


def _readable_review_or_404(request, pk):
    review = visible_review_or_404(request, pk)
    if not access.can_read_findings(request.user, review):
        raise Http404
    return review


def _finding_or_404(review, finding_pk):
    return get_object_or_404(Finding.objects.select_related("article", "ta_category"), pk=finding_pk, review=review)


#: The query-string parameter of the section shown (a chapter, or a cluster for UNTOC), and its
#: value for every section at once.
CHAPTER = "chapter"
ALL_CHAPTERS = "all"


def _section_url(review, key=None):
    url = reverse("reviews:findings", args=[review.pk])
    return f"{url}?{CHAPTER}={key}" if key else url


def _anchor(review, finding=None, *, article=None):
    """The page at ``finding``, in the section of its article (or of ``article``, where it has
    just been moved to); without a finding, the page as it opens."""
    if finding is None:
        return _section_url(review)
    return f"{_section_url(review, section_key(review, article or finding.article))}#finding-{finding.pk}"


def _chapter_asked(request, review, editing=None) -> str | None:
    """The section to show: the one of the finding being edited, else ``?chapter=``; ``None``
    for all of them; an empty or unknown key gives the first section."""
    if editing:
        return section_key(review, editing["finding"].article)
    asked = request.GET.get(CHAPTER, "")
    return None if asked == ALL_CHAPTERS else asked


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


def _finding_urls(review) -> dict:
    """``finding id → address`` of each of a finding's actions: one ``reverse`` per action
    rather than one per finding (150 findings, four actions each)."""
    return {name: url_of_pk(f"reviews:finding_{name}", review.pk) for name in ("edit", "delete", "move", "follow_up")}


def _prepare_rows(request, context, findings, here=None):
    """Give each row read what its item shows beside the text: the addresses of its actions,
    whether it is the one ``here`` (a finding pk) whose form is open, the names of the languages
    it is missing (for those who translate; each name translated once per page), and its
    actions. The actions of every finding are alike but for its id and its place in its group
    (movable, first, last): they are rendered from their template once per place, with a
    stand-in id replaced by each finding's."""
    urls = _finding_urls(context["review"])
    edit, delete, move, follow_up = urls["edit"], urls["delete"], urls["move"], urls["follow_up"]
    language_names = {code: str(get_language_info(code)["name_translated"]) for code, _name in settings.LANGUAGES}
    can_translate = context["can_translate"]
    offered = context["editable"] or context["can_follow_up"]
    shapes: dict[tuple[bool, bool, bool], str] = {}

    def actions(movable, first, last):
        shape = (movable, first, last)
        if shape not in shapes:
            stand_in = SimpleNamespace(
                pk=PLACEHOLDER,
                edit_url=edit(PLACEHOLDER),
                delete_url=delete(PLACEHOLDER),
                move_url=move(PLACEHOLDER),
                follow_up_url=follow_up(PLACEHOLDER),
                movable=movable,
                first=first,
                last=last,
            )
            shapes[shape] = render_to_string(_ACTIONS, context | {"row": stand_in}, request)
        return shapes[shape]

    placeholder = str(PLACEHOLDER)
    labels = {name: conditional_escape(label) for name, label in context["labels"].items()}
    for section in findings.opened_sections:
        for article in section.articles:
            for group in article.kinds:
                last = len(group.findings) - 1
                for i, row in enumerate(group.findings):
                    pk = row.pk
                    row.edit_url = edit(pk)
                    row.delete_url = delete(pk)
                    row.move_url = move(pk)
                    row.follow_up_url = follow_up(pk)
                    row.here = pk == here
                    row.missing_names = (
                        ", ".join(language_names[code] for code in row.missing_languages) if can_translate else ""
                    )
                    row.actions = (
                        mark_safe(actions(last > 0, i == 0, i == last).replace(placeholder, str(pk)))  # noqa: S308
                        if offered
                        else ""
                    )
                    row.html = "" if row.here else item_html(row, labels)


#: A finding's item as ``reviews/partials/finding_item.html`` renders it read-only on the page
#: (not the one whose form is open, not a fragment): made with one ``format`` from values
#: escaped here, not by the template language (≈ 75 µs an item saved: a quarter of the page's
#: time with the 90 findings of a chapter). ``tests/reviews/test_findings_items.py`` checks that
#: both write the same HTML.
_ITEM = (
    '\n<li class="finding" id="finding-{pk}">\n  \n'
    '  <div class="finding-text" dir="auto" lang="{language}">{text}</div>{fallback}\n'
    '  <p class="finding-meta">{ta}\n'
    '    <span class="badge follow-up-{status}">{follow_up_badge} {follow_up_label}{follow_up_on}</span>{missing}</p>'
    "{note}{actions}\n</li>\n"
)


def item_html(row, labels: dict[str, str]) -> SafeString:
    """``row``'s read-only item (``_ITEM``); ``labels`` are the page's words, escaped."""
    ta = ""
    if row.ta_category_name:
        ta = f'<span class="badge">{labels["ta_badge"]} {conditional_escape(shown(row.ta_category_name))}</span>'
    on = f" ({formats.date_format(row.follow_up_on, 'SHORT_DATE_FORMAT')})" if row.follow_up_on else ""
    missing = (
        f'\n    <span class="muted">{labels["missing"]} {escape(row.missing_names)}</span>' if row.missing_names else ""
    )
    note = f'\n  <div class="comment" dir="auto">{linebreaksbr(row.follow_up_note, autoescape=True)}</div>'
    return mark_safe(  # noqa: S308 -- made of escaped values and of HTML made safe where it was made
        _ITEM.format(
            pk=int(row.pk),
            language=escape(row.text.language),
            text=linebreaksbr(row.text.text, autoescape=True),
            fallback=fallback_badge(row.text.language) if row.text.is_fallback else "",
            ta=ta,
            status=escape(row.follow_up_status),
            follow_up_badge=labels["follow_up_badge"],
            follow_up_label=escape(row.follow_up_label),
            follow_up_on=on,
            missing=missing,
            note=note if row.follow_up_note else "",
            actions=row.actions,
        )
    )


#: The template of a finding's actions (see ``_prepare_rows``).
_ACTIONS = "reviews/partials/finding_actions.html"

#: The words of every finding's item, translated once per page rather than once per finding.
_ITEM_LABELS = {
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


#: What shapes a findings page's read-only body (``kept_part``).
_BODY_SOURCES = (
    __file__,
    "reviews/partials/findings_head.html",
    "reviews/partials/findings_list.html",
    "reviews/partials/finding_actions.html",
    "reviews/partials/finding_item.html",
)

#: What the body depends on of the reader's rights (``_rights``).
_BODY_RIGHTS = ("editable", "can_move", "require_reason", "can_follow_up", "can_translate", "summary_status")


def _reader(rights, section) -> str:
    """What the body depends on of the reader and the address: their rights and the section
    asked for (any text: its digest)."""
    asked = hashlib.sha256(str(section).encode()).hexdigest()[:16]
    return ",".join(str(rights[name]) for name in _BODY_RIGHTS) + f":{asked}"


def _body(request, review, context, section, *, editing=None) -> dict:
    """The page but for the forms that carry the person's CSRF token (adding a finding, moving
    one): ``head`` (the counts, the state of the executive summary), ``list`` (the sections'
    table and the findings of the one shown), and the address of the form to add a finding."""
    findings = findings_for_review(request.user, review, section=section)
    _prepare_rows(request, context, findings, here=editing["finding"].pk if editing else None)
    context = context | {
        "findings": findings,
        "summary_label": ReviewReport.Status(context["summary_status"]).label,
        "editing": editing,
        "all_chapters": ALL_CHAPTERS,
    }
    return {
        "head": render_to_string("reviews/partials/findings_head.html", context, request),
        "list": render_to_string("reviews/partials/findings_list.html", context, request),
        "add_url": _add_url(review, findings),
    }


def _page(request, review, *, add_form=None, editing=None, status=200):
    """The findings page, one section (chapter or cluster) at a time with the counts of every
    section: each finding as text with links to its actions, whose forms come on demand
    (``_fragment``). ``editing`` (see ``_editing``) shows one finding's form in its place, in
    its section: the page without JavaScript, or a form posted back with its errors. Without a
    form open, the body is the same for every reader with the same rights: kept in the shared
    cache until something it shows changes (``kept_part``)."""
    summary = service.summary_status(review)
    context = _rights(request, review, summary)
    section = _chapter_asked(request, review, editing)
    if add_form is None and editing is None:
        read = lambda: _body(request, review, context, section)  # noqa: E731
        body = kept_part(request, "findings-page", review, _reader(context, section), _BODY_SOURCES, read)
    else:
        body = _body(request, review, context, section, editing=editing)
    context |= {
        "body": body,
        # The form to add a finding comes on demand (``finding_add``); a form posted back keeps
        # its errors on show, even when they say it can no longer be used.
        "offer_add": context["editable"] and editing is None,
        "add_form": add_form,
        "add_url": body["add_url"],
        "editing": editing,
    }
    return render(request, "reviews/findings.html", context, status=status)


def _fragment(request, review, finding, *, editing=None, status=200, summary=None):
    """One finding's item as HTMX swaps it in place of the one on the page: read-only, or with
    the form ``editing`` describes (with its errors, if any, and the messages of the action).
    Only the findings of its article are read (its place among them: up, down)."""
    summary = summary or service.summary_status(review)
    findings = findings_for_review(request.user, review, article_id=finding.article_id)
    row = next((r for r in findings.rows() if r.pk == finding.pk), None)
    if row is None:  # deleted meanwhile
        return HttpResponseClientRedirect(_anchor(review))
    context = _rights(request, review, summary)
    _prepare_rows(request, context, findings, here=finding.pk if editing else None)
    context |= {"row": row, "editing": editing, "fragment": True}
    return render(request, "reviews/partials/finding_item.html", context, status=status)


def _form_response(request, review, finding, editing, *, summary=None, bound=False):
    """A finding's form: the fragment for HTMX, else the page with the form in its place. A
    form posted back with errors answers 422 (200 to HTMX, which swaps only successes)."""
    status = 422 if bound and not request.htmx else 200
    if request.htmx:
        return _fragment(request, review, finding, editing=editing, status=status, summary=summary)
    return _page(request, review, editing=editing, status=status)


def _saved(request, review, finding, message):
    """After a finding is saved: its item in place for HTMX, else back to it on the page."""
    messages.success(request, message)
    if request.htmx:
        return _fragment(request, review, finding)
    return redirect(_anchor(review, finding))


def _to(request, url):
    """To ``url``: HTMX is told to load the page whole, not to swap it in."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _back(request, review, finding=None, *, article=None):
    """To the page, at the finding in its section."""
    return _to(request, _anchor(review, finding, article=article))


@login_required
def findings_page(request, pk):
    review = _readable_review_or_404(request, pk)
    return _page(request, review)


def _add_url(review, findings):
    """The address of the form to add a finding, keeping the section shown."""
    url = reverse("reviews:finding_add", args=[review.pk])
    return f"{url}?{CHAPTER}={findings.current.key}" if findings.current else url


@require_http_methods(["GET", "POST"])
@login_required
def finding_add(request, pk):
    """GET: the form to add a finding, in place of its link for HTMX, else on the page. POST:
    save it, and to the finding in its section."""
    review = _readable_review_or_404(request, pk)
    if not access.can_draft_findings(request.user, review):
        raise Http404
    summary = service.summary_status(review)
    require_reason = _asks_reason(request.user, review, summary)
    if request.method == "GET":
        if not service.findings_editable_by(request.user, review, summary):
            messages.error(request, _("The findings of this review can no longer be changed."))
            return _back(request, review)
        form = _finding_form(review, require_reason=require_reason, prefix="new")
        if request.htmx:
            context = {"add_form": form, "add_url": request.get_full_path()}
            return render(request, "reviews/partials/finding_add_form.html", context)
        return _page(request, review, add_form=form)
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
            return redirect(_anchor(review, finding))
    return _page(request, review, add_form=form, status=422)


@login_required
def finding_item(request, pk, finding_pk):
    """One finding, read-only: the fragment HTMX puts back when a form is cancelled; without
    HTMX, the finding on the page."""
    review = _readable_review_or_404(request, pk)
    finding = _finding_or_404(review, finding_pk)
    if not request.htmx:
        return redirect(_anchor(review, finding))
    return _fragment(request, review, finding)


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
                    return _back(request, review, finding, article=data["article"])
                return _saved(request, review, finding, _("The finding is saved."))
        editing = _editing(request, review, finding, form, summary)
        return _form_response(request, review, finding, editing, summary=summary, bound=True)
    if not service.findings_editable_by(request.user, review, summary):
        messages.error(request, _("The findings of this review can no longer be changed."))
        return _back(request, review, finding)
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
            return _saved(request, review, finding, _("The translations are saved."))
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
            return _back(request, review, finding)
        return _form_response(request, review, finding, {"mode": "delete", "finding": finding}, summary=summary)
    form = FindingReasonForm(request.POST)
    form.is_valid()
    try:
        service.finding_delete(finding=finding, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request, review, finding)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The finding is deleted."))
    # Back to its section (to the first one, if it was the last finding of its section).
    return _to(request, _section_url(review, section_key(review, finding.article)))


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
    return _back(request, review, finding)


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
            return _saved(request, review, finding, _("The follow-up is saved."))
    editing = {"mode": "follow_up", "finding": finding, "form": form}
    return _form_response(request, review, finding, editing, bound=True)
