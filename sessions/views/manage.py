"""The secretariat's forms: a session or one of its parts, its agenda items and the documents
considered under each. Everyone else gets 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.models import Document
from reviewmech.forms import add_service_error
from reviewmech.views import secretariat_required

from .. import services
from ..forms import AgendaDocumentForm, AgendaItemForm, SessionForm
from ..models import AgendaItem, Session
from .session import session_detail


@secretariat_required
def session_edit(request, pk=None):
    """A new session or part (no ``pk``), or a change to one."""
    session = get_object_or_404(Session.objects.select_related("body"), pk=pk) if pk else None
    form = SessionForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.session_save(actor=request.user, session=session, **form.service_arguments())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": saved.title()})
            return redirect("sessions:session", pk=saved.pk)
    return render(
        request,
        "sessions/session_form.html",
        {"form": form, "session": session},
        status=422 if form.errors else 200,
    )


@require_POST
@secretariat_required
def agenda_item_add(request, pk):
    session = get_object_or_404(Session, pk=pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_save(actor=request.user, session=session, **form.service_arguments())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The agenda item is added."))
            return redirect("sessions:session", pk=pk)
    return session_detail(request, pk, item_form=form)


@require_POST
@secretariat_required
def agenda_item_delete(request, pk, item_pk):
    item = get_object_or_404(AgendaItem, pk=item_pk, session_id=pk)
    try:
        services.agenda_item_delete(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The agenda item is removed."))
    return redirect("sessions:session", pk=pk)


@require_POST
@secretariat_required
def agenda_document_add(request, pk, item_pk):
    item = get_object_or_404(AgendaItem, pk=item_pk, session_id=pk)
    form = AgendaDocumentForm(request.POST)
    if form.is_valid():
        try:
            document = services.agenda_document_add(actor=request.user, item=item, symbol=form.cleaned_data["symbol"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(symbol)s is listed under item %(item)s.") % {"symbol": document.symbol, "item": item.label},
            )
            return redirect("sessions:session", pk=pk)
    return session_detail(request, pk, document_form=form, document_form_item=item.pk)


@require_POST
@secretariat_required
def agenda_document_remove(request, pk, item_pk, document_pk):
    item = get_object_or_404(AgendaItem, pk=item_pk, session_id=pk)
    document = get_object_or_404(Document, pk=document_pk)
    services.agenda_document_remove(actor=request.user, item=item, document=document)
    return redirect("sessions:session", pk=pk)
