"""PDF downloads and the live status of renditions. No view here renders a PDF: they serve
what the workers wrote, or ask the workers for it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit

from ..kinds import kind_by_slug, kind_for
from ..models import Rendition
from ..selectors import panel_context
from ..services import renditions as service


def _document_or_404(slug, pk):
    kind = kind_by_slug(slug)
    if kind is None:
        raise Http404
    return kind, get_object_or_404(kind.model, pk=pk)


def document_download(request, slug, pk, language, variant=Rendition.Variant.FINAL):
    """The stable address of a PDF: /documents/<kind>/<pk>/<language>.pdf. Public documents to
    anyone; unpublished ones and draft previews only to those who may read them; everyone
    else gets 404, whether or not the document exists."""
    kind, document = _document_or_404(slug, pk)
    public = variant == Rendition.Variant.FINAL and kind.is_public(document)
    if not public and not kind.can_read(request.user, document):
        raise Http404
    rendition = (
        Rendition.objects.for_document(document).filter(language=language, variant=variant).exclude(file="").first()
    )
    if rendition is None:
        raise Http404
    try:
        handle = rendition.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, content_type="application/pdf", filename=kind.filename(document, language), as_attachment=False
    )
    if rendition.is_updating:
        # The previous version, while the new one is made: no cache keeps it past that.
        response["Cache-Control"] = "public, no-cache" if public else "private, no-store"
    else:
        response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    response["ETag"] = f'"{rendition.content_hash}"'
    if rendition.file_made_at:
        # The date of the version served (an older one while ``is_updating``).
        response["Last-Modified"] = http_date(rendition.file_made_at.timestamp())
    if not public:
        audit.download(request, f"{kind.filename(document, language)} ({variant})")
    # Shown in the browser's PDF viewer, which a page's policy (object-src 'none') would block.
    # It is our own rendering, never an upload, and a PDF runs none of the site's scripts.
    response._csp_exempt = True
    return response


def draft_download(request, slug, pk, language):
    return document_download(request, slug, pk, language, variant=Rendition.Variant.DRAFT)


@login_required
def renditions_panel(request, slug, pk):
    """The HTMX fragment that staff watch: it polls itself while any PDF is on its way."""
    kind, document = _document_or_404(slug, pk)
    if not kind.can_read(request.user, document):
        raise Http404
    return render(request, "documents/partials/renditions.html", panel_context(request.user, document))


@require_POST
@login_required
def rendition_retry(request, pk):
    rendition = get_object_or_404(Rendition, pk=pk)
    document = rendition.document
    if document is None or not kind_for(document).can_read(request.user, document):
        raise Http404
    try:
        service.rendition_retry(rendition=rendition, actor=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return render(request, "documents/partials/renditions.html", panel_context(request.user, document))
    messages.success(request, _("The PDF is queued again."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return redirect(target)
