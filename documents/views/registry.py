"""The registry of issued documents: the list (public documents for everyone, the whole
registry for the secretariat), a document's page with its languages and its revisions, the
file of each language, and the secretariat's actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit
from reviewmech.forms import add_service_error
from reviewmech.roles import is_secretariat
from reviewmech.views import secretariat_required

from ..files import CONTENT_TYPES
from ..forms import DocumentFileForm, DocumentIssueForm, DocumentRegisterForm
from ..models import Document
from ..selectors import document_list, document_page, file_for_download
from ..services import registry as service


def registry_list(request):
    """Every document a person may see, by series and year; the secretariat registers here."""
    staff = is_secretariat(request.user)
    year = request.GET.get("year", "")
    documents = document_list(
        request.user,
        series=request.GET.get("series", "").strip(),
        year=int(year) if year.isdigit() else None,
        query=request.GET.get("q", "").strip()[:80],
    )
    form = None
    if staff:
        form = DocumentRegisterForm(request.POST or None, initial={"year": timezone.localdate().year})
        if request.method == "POST" and form.is_valid():
            try:
                document = service.document_register(actor=request.user, **form.service_arguments())
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("%(symbol)s is registered as a draft.") % {"symbol": document.symbol})
                return redirect("documents:document", symbol=document.symbol)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "documents/registry_list.html",
        {"documents": documents[:500], "form": form, "is_staff": staff, "query": request.GET},
        status=422 if form is not None and form.errors else 200,
    )


def document_detail(request, symbol):
    try:
        page = document_page(request.user, symbol)
    except Document.DoesNotExist as exc:
        raise Http404 from exc
    staff = is_secretariat(request.user)
    return render(
        request,
        "documents/document_detail.html",
        {
            "page": page,
            "document": page.document,
            "is_staff": staff,
            "file_form": DocumentFileForm() if staff else None,
            "issue_form": DocumentIssueForm(initial={"on": page.document.issued_on or timezone.localdate()})
            if staff
            else None,
        },
    )


def document_file(request, symbol, language):
    """A document's file in one language, to whoever may read the document; 404 otherwise."""
    document_file = file_for_download(request.user, symbol, language)
    if document_file is None:
        raise Http404
    try:
        handle = document_file.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES.get(document_file.kind, "application/octet-stream"),
        filename=document_file.name,
        as_attachment=True,  # an uploaded file is a download, never a page of the site
    )
    response["ETag"] = f'"{document_file.sha256}"'
    response["Cache-Control"] = "public, max-age=300" if document_file.document.is_public else "private, no-store"
    if not document_file.document.is_public:
        audit.download(request, f"{symbol} ({language}): “{document_file.name}”")
    return response


@require_POST
@secretariat_required
def document_file_upload(request, pk):
    document = get_object_or_404(Document, pk=pk)
    form = DocumentFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            service.document_file_attach(
                document=document,
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("The file is saved."))
            return redirect("documents:document", symbol=document.symbol)
    page = document_page(request.user, document.symbol)
    return render(
        request,
        "documents/document_detail.html",
        {"page": page, "document": document, "is_staff": True, "file_form": form, "issue_form": DocumentIssueForm()},
        status=422,
    )


@require_POST
@secretariat_required
def document_issue(request, pk):
    document = get_object_or_404(Document, pk=pk)
    form = DocumentIssueForm(request.POST)
    if form.is_valid():
        try:
            service.document_issue(document=document, actor=request.user, on=form.cleaned_data["on"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(symbol)s is issued.") % {"symbol": document.symbol})
    return redirect("documents:document", symbol=document.symbol)
