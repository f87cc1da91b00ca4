"""The checklist offline: download it as DOCX or ODT, upload the edited file, compare each
changed answer with the one online, take or keep it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import audit
from reviewmech.forms import add_service_error

from .. import access
from ..forms import ChecklistExportForm, ChecklistImportForm, ChecklistVersionExportForm
from ..models import Checklist, ChecklistAnswer, ChecklistSubmission
from ..services import checklist as service
from ..services import checklist_offline as offline
from ..textdiff import Part, changed_words, word_diff
from .checklist import checklist_page
from .helpers import visible_review_or_404


def _editable_checklist_or_404(request, pk):
    review = visible_review_or_404(request, pk)
    if not access.can_edit_checklist(request.user, review):
        raise Http404
    checklist = Checklist.objects.filter(review=review).first()
    if checklist is None:
        raise Http404
    checklist.review = review
    return review, checklist


@require_GET
@login_required
def checklist_offline_export(request, pk):
    """The checklist as a DOCX or ODT file, for those who read the draft (the State under
    review, the secretariat); 404 for anyone else."""
    review = visible_review_or_404(request, pk)
    if not access.can_read_draft_checklist(request.user, review):
        raise Http404
    checklist = service.checklist_open(review=review)
    checklist.review = review
    form = ChecklistExportForm(request.GET, sections=service.checklist_sections(checklist))
    if not form.is_valid():
        messages.error(request, _("Choose the file type, the language and, if you wish, the articles to export."))
        return redirect(f"{reverse('reviews:checklist', args=[pk])}?offline=1#offline")
    try:
        exported = offline.checklist_export(
            checklist=checklist,
            actor=request.user,
            kind=form.cleaned_data["format"],
            language=form.cleaned_data["language"],
            article_numbers=form.article_numbers(),
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('reviews:checklist', args=[pk])}?offline=1#offline")
    return _download(request, exported, f"{review.state.code}: checklist exported as {exported.filename}")


def _download(request, exported, what: str) -> HttpResponse:
    """``exported`` (an ``ExportedFile``) as a download kept by no cache, written in the audit
    log as ``what``."""
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["Cache-Control"] = "private, no-store"
    audit.download(request, what)
    return response


@require_GET
@login_required
def checklist_version_export(request, pk, number):
    """A submitted version as a DOCX or ODT file, for reading offline: for everyone who reads
    the submitted version (the experts and observers on the review too); 404 for anyone else."""
    review = visible_review_or_404(request, pk)
    if not access.can_read_submitted_checklist(request.user, review):
        raise Http404
    submission = ChecklistSubmission.objects.filter(checklist__review=review, number=number).first()
    if submission is None:
        raise Http404
    submission.checklist.review = review
    form = ChecklistVersionExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose the file type and the language."))
        return redirect("reviews:checklist", pk=pk)
    try:
        exported = offline.submission_export(
            submission=submission,
            actor=request.user,
            kind=form.cleaned_data["format"],
            language=form.cleaned_data["language"],
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reviews:checklist", pk=pk)
    return _download(
        request, exported, f"{review.state.code}: checklist version {submission.number} as {exported.filename}"
    )


@require_POST
@login_required
def checklist_offline_import(request, pk):
    """Read the uploaded file into a preview kept in the session; nothing is saved yet."""
    _review, checklist = _editable_checklist_or_404(request, pk)
    form = ChecklistImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            preview = offline.checklist_import_read(
                checklist=checklist, actor=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            token = offline.preview_store(request.session, preview)
            return redirect("reviews:checklist_offline_preview", pk=pk, token=token)
    return checklist_page(request, pk, import_form=form, status=422)


def _preview_rows(checklist, preview):
    answers = {
        a.pk: a
        for a in ChecklistAnswer.objects.filter(
            checklist=checklist, pk__in={item["answer"] for item in preview["items"]}
        ).select_related("article")
    }
    rows = []
    reader = None
    for index, item in enumerate(preview["items"]):
        answer = answers.get(item["answer"])
        if answer is None:
            continue
        field = item["field"]
        choice = field in offline.CHOICE_FIELDS
        current = offline.stored_value(answer, field)
        if choice:
            # A choice is shown as its label before and after, not as words.
            reader = reader or offline.ChoiceReader()
            before = offline.choice_label(field, current, reader.categories) or _("none")
            after = (
                item["text"]
                if item["status"] == "bad_choice"
                else offline.choice_label(field, item["text"], reader.categories) or _("none")
            )
            diff = [Part("del", before), Part("equal", " → "), Part("ins", after)]
        else:
            diff = word_diff(current, item["text"])
        rows.append(
            {
                **item,
                "index": index,
                "label": offline._label(field),
                "article": answer.article,
                "diff": diff,
                "choice": choice,
                "choices": reader.choices(field) if choice and item["status"] == "bad_choice" else [],
                "words": 0 if choice else changed_words(diff),
                "take": offline.default_take(item),
                "moved_since_preview": answer.revision != item["revision"],
                "notice_texts": offline.notice_texts(item["notices"]),
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
@login_required
def checklist_offline_preview(request, pk, token):
    """The preview of an uploaded file (GET) and the focal point's choice (POST)."""
    review, checklist = _editable_checklist_or_404(request, pk)
    preview = offline.preview_load(request.session, review.pk, token)
    if preview is None:
        messages.error(request, _("This upload is no longer available: upload the file again."))
        return redirect(f"{reverse('reviews:checklist', args=[pk])}?offline=1#offline")
    if request.method == "POST":
        if "discard" in request.POST:
            offline.preview_discard(request.session, review.pk)
            messages.info(request, _("Nothing was taken from the file."))
            return redirect("reviews:checklist", pk=pk)
        take = {item["key"] for index, item in enumerate(preview["items"]) if request.POST.get(f"q{index}") == "take"}
        try:
            result = offline.checklist_import_apply(checklist=checklist, actor=request.user, preview=preview, take=take)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("reviews:checklist", pk=pk)
        offline.preview_discard(request.session, review.pk)
        if result.saved:
            messages.success(
                request,
                _("Answers taken from the file on articles %(articles)s.")
                % {"articles": ", ".join(str(n) for n in result.saved)},
            )
        else:
            messages.info(request, _("Nothing was taken from the file."))
        if result.conflicts:
            messages.warning(
                request,
                _(
                    "Articles %(articles)s were changed by someone else after you uploaded the file: their online "
                    "answers are kept. Upload the file again to compare."
                )
                % {"articles": ", ".join(str(n) for n in result.conflicts)},
            )
        for number, errors in result.refused:
            messages.error(
                request,
                _("Article %(number)s was not saved: %(reason)s") % {"number": number, "reason": " ".join(errors)},
            )
        return redirect("reviews:checklist", pk=pk)
    rows = _preview_rows(checklist, preview)
    context = {
        "review": review,
        "checklist": checklist,
        "preview": preview,
        "rows": rows,
        "exported_at": offline.exported_at_display(preview),
        "conflicts": sum(1 for row in rows if row["status"] == "conflict"),
    }
    return render(request, "reviews/checklist_import_preview.html", context)


# --- Differences between submitted versions ------------------------------------------------------


@require_GET
@login_required
def checklist_versions_compare(request, pk):
    """What changed, article by article, between two submitted versions (by default the last
    two): for the secretariat, the experts on the review and the State under review."""
    from ..selectors.checklist import submissions_compared

    review = visible_review_or_404(request, pk)
    if not access.can_compare_submissions(request.user, review):
        raise Http404
    versions = list(
        ChecklistSubmission.objects.filter(checklist__review=review)
        .order_by("-number")
        .only("pk", "number", "submitted_at")
    )
    if len(versions) < 2:
        raise Http404
    by_number = {v.number: v for v in versions}

    def chosen(name, default):
        value = request.GET.get(name, "")
        return by_number.get(int(value)) if value.isdigit() else default

    newer, older = chosen("to", versions[0]), chosen("from", versions[1])
    if newer is None or older is None:
        raise Http404
    if older.number > newer.number:
        older, newer = newer, older
    older = ChecklistSubmission.objects.get(pk=older.pk)
    newer = ChecklistSubmission.objects.get(pk=newer.pk)
    context = {
        "review": review,
        "older": older,
        "newer": newer,
        "versions": versions,
        "rows": submissions_compared(older, newer) if older.pk != newer.pk else [],
    }
    return render(request, "reviews/checklist_versions_compare.html", context)
