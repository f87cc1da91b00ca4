"""A session's page, for everyone: its title in the page's language, dates and place, its other
parts, the session held in parallel, its agenda with the documents under each item, and what
other apps add (the drawing of lots held there...)."""

from django.http import Http404
from django.shortcuts import render

from documents.selectors import panel_context
from reviewmech.roles import is_secretariat

from ..forms import AgendaDocumentForm, AgendaItemForm
from ..models import Session
from ..selectors import session_page


def session_detail(request, pk, **forms):
    try:
        page = session_page(request.user, pk)
    except Session.DoesNotExist as exc:
        raise Http404 from exc
    staff = is_secretariat(request.user)
    context = {"page": page, "session": page.session, "is_staff": staff}
    if staff:
        context["bundle_panel"] = panel_context(request.user, page.session)
        context["item_form"] = forms.get("item_form") or AgendaItemForm()
        context["document_form"] = forms.get("document_form") or AgendaDocumentForm()
        context["document_form_item"] = forms.get("document_form_item")
    status = 422 if any(form.errors for form in forms.values() if hasattr(form, "errors")) else 200
    return render(request, "sessions/session_detail.html", context, status=status)
