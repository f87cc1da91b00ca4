"""The self-assessment checklist pages: the focal point fills it in, experts read it."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from accounts import audit
from documents.files import CONTENT_TYPES
from documents.selectors import panel_context
from documents.services.renditions import export_pdf
from reference.models import Obligation
from reviewmech.forms import add_service_error
from reviewmech.i18n import translated
from reviewmech.templatetags.reviewmech import shown as shown_html

from .. import access
from ..forms import (
    AnswerForm,
    AttachmentForm,
    ChecklistExportForm,
    ChecklistImportForm,
    ChecklistReopenForm,
    ChecklistSubmitForm,
    ReuseAnswerForm,
)
from ..models import Checklist, ChecklistAnswer, ChecklistAttachment, ChecklistSubmission
from ..selectors.checklist import (
    attachment_for_download,
    draft_attachments,
    latest_version,
    reuse_candidates,
    reuse_counts,
    submitted_answers,
)
from ..services import attachments as attachment_service
from ..services import checklist as service
from ..services import checklist_reuse as reuse_service
from .helpers import kept_part, url_of_pk, visible_review_or_404


def _answer_form(answer, categories, *, focus=False):
    """An article's form; ``focus``: opened on purpose ("Edit"), the text is where typing goes."""
    form = AnswerForm(
        instance=answer, prefix=f"a{answer.pk}", initial={"revision": answer.revision}, ta_choices=categories
    )
    if focus:
        form.fields["narrative"].widget.attrs["autofocus"] = True
    return form


def _article_url(pk, number):
    return f"{reverse('reviews:checklist', args=[pk])}#article-{number}"


def _edit_url(pk, number):
    """The page with that article's form open: the "Edit" link without JavaScript."""
    return f"{reverse('reviews:checklist', args=[pk])}?edit={number}#article-{number}"


#: What the checklist pages read of the review with it (not the mechanism: see ``visible_review_or_404``).
_REVIEW_RELATED = ("state", "instrument", "cycle")

#: The words of every article, translated once per page rather than once per article.
_LABELS = {
    "edit": gettext_lazy("Edit"),
    "not_answered": gettext_lazy("Not answered yet."),
    "reuse": gettext_lazy("Reuse an earlier answer"),
    "attached_documents": gettext_lazy("Attached documents"),
    "no_document": gettext_lazy("No document attached."),
    "attach_document": gettext_lazy("Attach a document"),
    "attach": gettext_lazy("Attach"),
    "remove": gettext_lazy("Remove"),
}


def _shown(obj, field):
    """``{% tr obj field %}``, worked out in the view."""
    return conditional_escape(shown_html(translated(obj, field)))


def _when(moment):
    return date_format(localtime(moment), "SHORT_DATETIME_FORMAT")


#: The texts of an answer that ``answer_readonly.html`` shows.
_ROW_TEXTS = ("narrative", "legislation", "examples", "statistics", "ta_needs")


def _present(answers, pk, *, editable):
    """Give each answer what its article shows around the text, worked out once per page rather
    than by template tags once per article (18 to 50 of them): its heading, title, guidance,
    anchor and level of obligation, its answer as ``answer_readonly.html`` reads a submitted
    one (a row: see ``submitted_answers``), when it was last saved, and where "Edit" goes (the
    fragment HTMX loads, and the page with the form open without JavaScript)."""
    page = reverse("reviews:checklist", args=[pk])
    edit = url_of_pk("reviews:checklist_answer_edit", pk)
    obligations = {value: str(label) for value, label in Obligation.choices}
    implementations = {value: str(label) for value, label in ChecklistAnswer.Implementation.choices}
    heading, last_saved = _("Article %(number)s"), _("Last saved %(time)s")
    for answer in answers:
        article = answer.article
        number = article.number
        answer.key = str(answer.pk)  # as text: a number in a template is localized on every use
        answer.anchor = f"article-{number}"
        answer.body_id = f"answer-{answer.pk}"
        answer.heading = heading % {"number": number}
        answer.title = _shown(article, "title")
        answer.guidance = _shown(article, "guidance") if article.guidance else ""
        answer.obligation = obligations.get(article.obligation, "")
        answer.readonly = {
            **{name: getattr(answer, name) for name in _ROW_TEXTS},
            "implementation_label": implementations.get(answer.implementation, ""),
            "ta_category": None,
            "ta_category_obj": answer.ta_category,
        }
        answer.saved_label = last_saved % {"time": _when(answer.updated_at)} if answer.updated_at else ""
        if editable:
            answer.edit_url = edit(answer.pk)
            answer.edit_href = f"{page}?edit={number}#{answer.anchor}"


def _present_attachments(answers, attached, reusable, pk, *, editable):
    """The documents of each article, and its offer of earlier answers, as the page shows them:
    addresses, sizes, dates and words worked out here, once per page."""
    download = url_of_pk("reviews:checklist_attachment", pk)
    remove = url_of_pk("reviews:checklist_attachment_remove", pk)
    add = url_of_pk("reviews:checklist_attachment_add", pk)
    reuse = url_of_pk("reviews:checklist_answer_reuse", pk)
    kinds = {value: str(label) for value, label in ChecklistAttachment.Kind.choices}
    for answer in answers:
        answer.attachment_list = attached.get(answer.pk, [])
        for attachment in answer.attachment_list:
            attachment.url = download(attachment.pk)
            attachment.kind_label = kinds.get(attachment.kind, attachment.kind)
            attachment.size_label = filesizeformat(attachment.size)
            person = attachment.uploaded_by
            attachment.added_label = (
                _("added by %(name)s, %(date)s")
                % {"name": person.get_full_name() or person.username, "date": _when(attachment.uploaded_at)}
                if person
                else _("added %(date)s") % {"date": _when(attachment.uploaded_at)}
            )
            if editable:
                attachment.remove_url = remove(attachment.pk)
                attachment.remove_label = _("Remove %(name)s") % {"name": attachment.filename}
        count = reusable.get(answer.pk, 0)
        answer.reuse_count = count
        if editable:
            answer.attach_url = add(answer.pk)
            if count:
                answer.reuse_url = reuse(answer.pk)
                answer.reuse_label = ngettext(
                    "(%(counter)s answer of your State in another review)",
                    "(%(counter)s answers of your State in other reviews)",
                    count,
                ) % {"counter": count}


def _labels(max_attachment_mb=None):
    labels = {name: str(label) for name, label in _LABELS.items()}
    if max_attachment_mb is not None:
        labels["attach_help"] = _(
            "PDF, DOCX or ODT, at most %(limit)s MB. The file is confidential to the review, like the answers."
        ) % {"limit": max_attachment_mb}
    return labels


#: Session key: the article to show open on the next page (after an earlier answer is copied in).
_OPEN_NEXT = "checklist-open-{}"


def _open_article(request, pk, open_article):
    """The article number whose form the page shows open: the one asked for by the caller, else
    the one a redirect left in the session, else ``?edit=`` (the "Edit" link without JavaScript)."""
    left = request.session.pop(_OPEN_NEXT.format(pk), None)  # a key not there leaves the session unchanged
    if open_article is not None or left is not None:
        return open_article if open_article is not None else left
    try:
        return int(request.GET.get("edit", ""))
    except ValueError:
        return None


#: What shapes the checklist's read-only body (``kept_part``).
_BODY_SOURCES = (
    __file__,
    "reviews/partials/checklist_body.html",
    "reviews/partials/checklist_answer.html",
    "reviews/partials/answer_readonly.html",
    "reviews/partials/attachment_list.html",
    "reviews/partials/checklist_offline.html",
    "reviews/partials/checklist_versions.html",
)


#: What shapes the articles of a submitted version (``kept_part``).
_VERSION_SOURCES = (
    __file__,
    "reviews/partials/checklist_submitted_rows.html",
    "reviews/partials/answer_readonly.html",
    "reviews/partials/attachment_frozen.html",
)


def _draft_body(request, review, *, number=None, asked=False, attachment_error=None, posted=None, import_form=None):
    """The draft's page as HTML, but for the forms that carry the person's CSRF token (submit,
    reopen) and the PDF of the latest version (its state changes as the workers render it):
    ``html`` (the facts, chapters and articles, the "Work offline" card), ``versions`` (the
    list of submitted versions, "" before the first), and what the rest of the page needs of the
    checklist (``status``, ``consent``, ``latest``: the latest version's id or ``None``)."""
    pk = review.pk
    checklist = service.checklist_open(review=review)
    checklist.review = review
    editable = checklist.status == Checklist.Status.DRAFT and access.can_edit_checklist(request.user, review)
    sections = service.checklist_sections(checklist)
    answers = [answer for section in sections for answer in section.answers]
    attached = draft_attachments(checklist)
    reusable = reuse_counts(checklist, answers, request.user) if editable else {}
    error_answer, error_messages = attachment_error or (None, [])
    posted_answer, posted_form, conflict = posted or (None, None, None)
    _present(answers, pk, editable=editable)
    _present_attachments(answers, attached, reusable, pk, editable=editable)
    for answer in answers:
        answer.form = None
        answer.conflict = None
        answer.attachment_errors = error_messages if answer.pk == error_answer else []
    if editable:
        opened = next(
            (
                a
                for a in answers
                if a.pk in (posted_answer, error_answer) or (number is not None and a.article.number == number)
            ),
            None,
        )
        if opened is not None and opened.pk == posted_answer:
            opened.form, opened.conflict = posted_form, conflict
        elif opened is not None:
            opened.form = _answer_form(opened, AnswerForm.ta_category_choices(), focus=asked)
    max_mb = attachment_service.max_bytes() // (1024 * 1024)
    submissions = list(checklist.submissions.select_related("submitted_by", "reopened_by").defer("answers"))
    context = {
        "review": review,
        "attachment_error_article": next((a.article.number for a in answers if a.pk == error_answer), None),
        "max_attachment_mb": max_mb,
        "checklist": checklist,
        "sections": sections,
        "editable": editable,
        "labels": _labels(max_mb if editable else None),
        "answered": sum(s.answered for s in sections),
        "total": sum(s.total for s in sections),
        "submissions": submissions,
        # Working offline (see checklist_offline): the card's forms come on demand, or in
        # place with ``?offline=1`` (without JavaScript) and when an upload was refused.
        **_offline_context(
            pk,
            sections,
            editable=editable,
            shown=import_form is not None or request.GET.get("offline") == "1",
            import_form=import_form,
        ),
    }
    return {
        "html": render_to_string("reviews/partials/checklist_body.html", context, request),
        "versions": render_to_string("reviews/partials/checklist_versions.html", context, request)
        if submissions
        else "",
        "status": checklist.status,
        "consent": checklist.consent_to_publish,
        "latest": submissions[0].pk if submissions else None,
    }


@login_required
def checklist_page(
    request,
    pk,
    submit_form=None,
    reopen_form=None,
    attachment_error=None,
    status=200,
    import_form=None,
    open_article=None,
    posted=None,
):
    """The focal point's (and the secretariat's) checklist, or the submitted version for the
    experts and observers. Each article of a draft shows its answer read-only with an "Edit"
    link that brings its form (``checklist_answer_edit``); one article at most is shown open:
    ``open_article`` (a number), the article of a refused document, or ``posted``, a save that
    failed without JavaScript: (answer id, the form with the person's text and its errors, the
    conflict if any). ``attachment_error``: (answer id, messages) of a refused upload or
    removal, shown on that article. The "Work offline" card's forms come on demand
    (``checklist_offline_forms``), or in place with ``?offline=1`` and ``import_form`` (a
    refused upload of an edited file, with its errors)."""
    review = visible_review_or_404(request, pk, related=_REVIEW_RELATED)
    context = {"review": review, "can_manage": access.can_manage_review(request.user, review)}
    if access.can_read_draft_checklist(request.user, review):
        number = _open_article(request, pk, open_article)
        plain = number is None and not (
            submit_form or reopen_form or attachment_error or import_form or posted or request.GET.get("offline")
        )

        def read():
            return _draft_body(
                request,
                review,
                number=number,
                asked=number is not None and open_article is None,  # "Edit" without JavaScript
                attachment_error=attachment_error,
                posted=posted,
                import_form=import_form,
            )

        # Kept per reader (what they may change, the earlier answers they may reuse: their
        # State's scope), the forms aside.
        body = (
            kept_part(request, "checklist-page", review, str(request.user.pk), _BODY_SOURCES, read, by_state=True)
            if plain
            else read()
        )
        editable = body["status"] == Checklist.Status.DRAFT and access.can_edit_checklist(request.user, review)
        context |= {
            "body": body,
            "editable": editable,
            "checklist": SimpleNamespace(status=body["status"]),
            "submit_form": submit_form or ChecklistSubmitForm(initial={"consent_to_publish": body["consent"]}),
            "reopen_form": reopen_form or ChecklistReopenForm(),
        }
        latest = latest_version(review) if body["latest"] is not None else None  # no query before the first
        if latest is not None:
            context |= {"pdf_submission": latest, **panel_context(request.user, latest)}
        return render(request, "reviews/checklist.html", context, status=status)
    # Reviewing experts and observers read the version the State submitted, never a draft: its
    # articles as HTML, kept per version (a version never changes; the names it shows do), the
    # frozen answers read only to make them.
    submission = latest_version(review)
    context |= {
        "submission": submission,
        "can_compare": submission is not None
        and submission.number > 1
        and access.can_compare_submissions(request.user, review),
    }
    if submission is not None:
        # The version as a file to read offline (checklist_offline.checklist_version_export).
        from ..forms import ChecklistVersionExportForm

        def read():
            rows = submitted_answers(ChecklistSubmission.objects.get(pk=submission.pk))
            return render_to_string(
                "reviews/partials/checklist_submitted_rows.html", {"rows": rows, "review": review}, request
            )

        context |= {
            "rows_html": kept_part(request, "checklist-version", review, str(submission.pk), _VERSION_SOURCES, read),
            "pdf_submission": submission,
            "version_form": ChecklistVersionExportForm(),
            **panel_context(request.user, submission),
        }
    return render(request, "reviews/checklist_submitted.html", context)


def _offline_context(pk, sections, *, editable, shown, import_form=None, focus=False):
    """The "Work offline" card: its forms (download; upload to those who may change the draft)
    when ``shown``, else the addresses that bring them (``checklist_offline_forms``)."""
    if not shown:
        page = reverse("reviews:checklist", args=[pk])
        return {
            "offline_href": f"{page}?offline=1#offline",
            "offline_url": reverse("reviews:checklist_offline", args=[pk]),
        }
    export_form = ChecklistExportForm(sections=sections)
    if focus:
        export_form.fields["format"].widget.attrs["autofocus"] = True
    return {"export_form": export_form, "import_form": import_form or (ChecklistImportForm() if editable else None)}


@require_GET
@login_required
def checklist_offline_forms(request, pk):
    """The "Work offline" card with its forms, on demand: the fragment HTMX puts in place of the
    card; without HTMX, the page with the card open. To those who read the draft; 404 otherwise."""
    review = visible_review_or_404(request, pk, related=_REVIEW_RELATED)
    if not access.can_read_draft_checklist(request.user, review):
        raise Http404
    if not request.htmx:
        return redirect(f"{reverse('reviews:checklist', args=[pk])}?offline=1#offline")
    checklist = service.checklist_open(review=review)
    checklist.review = review
    editable = checklist.status == Checklist.Status.DRAFT and access.can_edit_checklist(request.user, review)
    sections = service.checklist_sections(checklist)
    context = {
        "review": review,
        "editable": editable,
        **_offline_context(pk, sections, editable=editable, shown=True, focus=True),
    }
    return render(request, "reviews/partials/checklist_offline.html", context)


def _editable_answer_or_404(request, pk, answer_pk):
    """The review and the answer, to those who may change the draft (the focal point of the
    State under review, the secretariat); 404 to everyone else, revealing nothing. Saving an
    answer and asking for its form check the same."""
    review = visible_review_or_404(request, pk, related=_REVIEW_RELATED)
    if not access.can_edit_checklist(request.user, review):
        raise Http404
    answer = get_object_or_404(
        ChecklistAnswer.objects.select_related("article", "checklist", "ta_category"),
        pk=answer_pk,
        checklist__review=review,
    )
    answer.checklist.review = review
    return review, answer


def _answer_fragment(request, review, answer, form=None):
    """One article's answer as HTMX swaps it in: its form (``form``) or read-only."""
    answer.form = form
    _present([answer], review.pk, editable=True)
    context = {"review": review, "answer": answer, "editable": True, "fragment": True, "labels": _labels()}
    return render(request, "reviews/partials/checklist_answer.html", context)


@require_GET
@login_required
def checklist_answer_edit(request, pk, answer_pk):
    """An article's form, on demand: the fragment HTMX puts in place of its read-only answer;
    without HTMX, the page with that form open. Once the checklist is submitted, the page."""
    review, answer = _editable_answer_or_404(request, pk, answer_pk)
    if answer.checklist.status != Checklist.Status.DRAFT:
        messages.error(
            request, _("The checklist has been submitted. Ask the secretariat to reopen it to make changes.")
        )
        if request.htmx:
            return HttpResponseClientRedirect(_article_url(pk, answer.article.number))
        return redirect(_article_url(pk, answer.article.number))
    if not request.htmx:
        return redirect(_edit_url(pk, answer.article.number))
    form = _answer_form(answer, AnswerForm.ta_category_choices(), focus=True)
    return _answer_fragment(request, review, answer, form)


@require_POST
@login_required
def checklist_answer_save(request, pk, answer_pk):
    """Autosave of one article (HTMX): answers with the save status, never the whole page, so
    the person keeps typing where they were. ``?close=1`` ("Save and close"): once saved, the
    article read-only in place of its form. Without JavaScript: back to the article on the
    page, or the page with the form, the text as typed and what went wrong."""
    review, answer = _editable_answer_or_404(request, pk, answer_pk)
    form = AnswerForm(request.POST, prefix=f"a{answer.pk}")
    context = {"answer": answer, "review": review}
    if not form.is_valid():
        context["errors"] = form.errors
        return _answer_response(request, context, form, status=422)
    data = {name: form.cleaned_data[name] for name in ChecklistAnswer.CONTENT_FIELDS}
    try:
        saved = service.answer_save(
            answer=answer, actor=request.user, data=data, revision=form.cleaned_data["revision"]
        )
    except service.AnswerConflict as conflict:
        context["conflict"] = conflict.current
        return _answer_response(request, context, form, status=409)
    except ValidationError as exc:
        context["errors"] = {"__all__": exc.messages}
        return _answer_response(request, context, status=422)
    except PermissionDenied as exc:
        raise Http404 from exc
    context["saved"] = saved
    if not request.htmx:
        messages.success(request, _("Your answer on article %(number)s is saved.") % {"number": saved.article.number})
        return redirect(_article_url(pk, saved.article.number))
    if request.GET.get("close"):
        answer = ChecklistAnswer.objects.select_related("article", "ta_category").get(pk=saved.pk)
        return _answer_fragment(request, review, answer)
    return _answer_response(request, context)


def _answer_response(request, context, form=None, status=200):
    """The save status for HTMX (200: HTMX swaps only successes), in the place of the status
    even when "Save and close" aimed at the whole answer: the form stays, with the text. Without
    HTMX, the page with the form as posted (``form``), else a page saying what went wrong."""
    if request.htmx:
        response = render(request, "reviews/partials/answer_status.html", context)
        if request.GET.get("close"):
            response = reswap(retarget(response, f"#answer-status-{context['answer'].pk}"), "outerHTML")
        return response
    if form is not None:
        posted = (context["answer"].pk, form, context.get("conflict"))
        return checklist_page(request, context["review"].pk, posted=posted, status=status)
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
            # The first article still to answer is shown open, ready to be answered.
            unanswered = (getattr(exc, "params", None) or {}).get("articles") or [None]
            return checklist_page(request, pk, submit_form=form, status=422, open_article=unanswered[0])
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


# --- Attachments -------------------------------------------------------------------------------


@require_POST
@login_required
def checklist_attachment_add(request, pk, answer_pk):
    """Upload a document to an article (plain form post, works without JavaScript)."""
    review = visible_review_or_404(request, pk)
    if not access.can_edit_checklist(request.user, review):
        raise Http404
    answer = get_object_or_404(
        ChecklistAnswer.objects.select_related("article"), pk=answer_pk, checklist__review=review
    )
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = attachment_service.attachment_add(
                answer=answer, actor=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(
                request,
                _("“%(name)s” is attached to article %(number)s.")
                % {"name": attachment.filename, "number": answer.article.number},
            )
            return redirect(_article_url(pk, answer.article.number))
    errors = [error for errors in form.errors.values() for error in errors]
    return checklist_page(request, pk, attachment_error=(answer.pk, errors), status=422)


@require_POST
@login_required
def checklist_attachment_remove(request, pk, attachment_pk):
    review = visible_review_or_404(request, pk)
    if not access.can_edit_checklist(request.user, review):
        raise Http404
    attachment = get_object_or_404(
        ChecklistAttachment.objects.select_related("answer__article"),
        pk=attachment_pk,
        answer__checklist__review=review,
    )
    try:
        attachment_service.attachment_remove(attachment=attachment, actor=request.user)
    except ValidationError as exc:
        return checklist_page(request, pk, attachment_error=(attachment.answer_id, exc.messages), status=422)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(
        request,
        _("“%(name)s” is removed from article %(number)s.")
        % {"name": attachment.filename, "number": attachment.answer.article.number},
    )
    return redirect(_article_url(pk, attachment.answer.article.number))


@require_GET
@login_required
def checklist_attachment_download(request, pk, attachment_pk):
    """The file, to those who may read it (see ``attachment_for_download``); 404 otherwise.
    Attachments are confidential: they are never served from MEDIA_URL."""
    review = visible_review_or_404(request, pk)
    attachment = attachment_for_download(request.user, review, attachment_pk)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=CONTENT_TYPES[attachment.kind],
    )
    response["Cache-Control"] = "private, no-store"
    audit.download(request, f"{review.state.code}: checklist attachment “{attachment.filename}” (#{attachment.pk})")
    return response


# --- Reuse of earlier answers ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def checklist_answer_reuse(request, pk, answer_pk):
    """The earlier answers of the State that may be copied into this article's draft, each with
    a button that copies it; the focal point picks, nothing is copied otherwise."""
    review = visible_review_or_404(request, pk)
    if not access.can_edit_checklist(request.user, review):
        raise Http404
    answer = get_object_or_404(
        ChecklistAnswer.objects.select_related("article", "checklist", "updated_by", "ta_category"),
        pk=answer_pk,
        checklist__review=review,
    )
    answer.checklist.review = review
    form, conflict, status = None, None, 200
    if request.method == "POST":
        form = ReuseAnswerForm(request.POST)
        if form.is_valid():
            try:
                saved, source = reuse_service.answer_reuse(
                    answer=answer,
                    actor=request.user,
                    source_review_id=form.cleaned_data["source_review"],
                    source_article_id=form.cleaned_data["source_article"],
                    revision=form.cleaned_data["revision"],
                )
            except service.AnswerConflict as exc:
                conflict, status = exc.current, 409
                answer = exc.current
                answer.checklist.review = review
            except ValidationError as exc:
                add_service_error(form, exc)
                status = 422
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("Article %(number)s: copied from %(source)s. Check the text and change what no longer holds.")
                    % {"number": saved.article.number, "source": reuse_service.reuse_source_label(source)},
                )
                # Back on the page, the article is open: the text is there to check and change.
                request.session[_OPEN_NEXT.format(pk)] = saved.article.number
                return redirect(_article_url(pk, saved.article.number))
        else:
            status = 422
    candidates = reuse_candidates(answer=answer, user=request.user)
    for candidate in candidates:
        candidate.label = reuse_service.reuse_source_label(candidate)
    context = {
        "review": review,
        "answer": answer,
        "candidates": candidates,
        "form": form,
        "conflict": conflict,
        "editable": answer.checklist.status == Checklist.Status.DRAFT,
    }
    return render(request, "reviews/checklist_reuse.html", context, status=status)


@require_POST
@login_required
def checklist_export(request, pk):
    """Ask the workers for the PDF of the latest submitted version, in the review's working
    language; the page shows it being made."""
    review = visible_review_or_404(request, pk)
    submission = service.latest_submission(Checklist.objects.filter(review=review).first())
    if submission is None:
        raise Http404
    try:
        export_pdf(document=submission, actor=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The PDF is being made; it appears below when ready."))
    return redirect(f"{reverse('reviews:checklist', args=[pk])}#checklist-pdf")
