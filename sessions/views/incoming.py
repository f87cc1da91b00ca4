"""Notes verbales received from States and the people they nominate, for the secretariat only:
the register, a note's page with its scan and nominations, and the activation links."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit
from accounts.services import activation_send
from reviewmech.forms import add_service_error
from reviewmech.views import secretariat_required

from .. import services
from ..forms import IncomingNoteForm, NominationForm
from ..models import IncomingNote, Nomination
from ..selectors import incoming_notes


@secretariat_required
def incoming_list(request):
    """The register, searchable by a named person: why does this person have access?"""
    form = IncomingNoteForm(request.POST or None, request.FILES or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            note = services.incoming_note_register(
                actor=request.user,
                state=data["state"],
                received_on=data["received_on"],
                dated_on=data["dated_on"],
                their_reference=data["their_reference"],
                subject=data["subject"],
                scan=data["scan"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The note verbale is registered."))
            return redirect("sessions:incoming_note", pk=note.pk)
    query = request.GET.get("q", "").strip()[:100]
    notes = incoming_notes(query=query)
    return render(
        request,
        "sessions/incoming.html",
        {"notes": notes, "form": form, "query": query},
        status=422 if form.errors else 200,
    )


def _note_page(request, note, form=None, status=200):
    nominations = Nomination.objects.filter(note=note).select_related("person").order_by("pk")
    return render(
        request,
        "sessions/incoming_detail.html",
        {"note": note, "nominations": nominations, "form": form or NominationForm()},
        status=status,
    )


@secretariat_required
def incoming_note(request, pk):
    note = get_object_or_404(IncomingNote.objects.select_related("state", "registered_by"), pk=pk)
    if request.method != "POST":
        return _note_page(request, note)
    form = NominationForm(request.POST)
    if form.is_valid():
        try:
            nomination = services.nomination_record(actor=request.user, note=note, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is recorded; an activation link went to %(email)s.")
                % {"name": nomination.person.get_full_name(), "email": nomination.person.email},
            )
            return redirect("sessions:incoming_note", pk=pk)
    return _note_page(request, note, form, status=422)


@secretariat_required
def incoming_scan(request, pk):
    note = get_object_or_404(IncomingNote, pk=pk)
    if not note.file:
        raise Http404
    response = FileResponse(
        note.file.open("rb"),
        content_type="application/pdf",
        filename=note.file.name.rsplit("/", 1)[-1],
        as_attachment=True,  # an uploaded scan is a download, never a page of the site
    )
    response["Cache-Control"] = "private, no-store"
    audit.download(request, f"note verbale received #{note.pk}: scan")
    return response


@require_POST
@secretariat_required
def nomination_resend(request, pk, nomination_pk):
    nomination = get_object_or_404(Nomination.objects.select_related("person"), pk=nomination_pk, note_id=pk)
    try:
        activation_send(user=nomination.person, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("A new activation link went to %(email)s.") % {"email": nomination.person.email})
    return redirect("sessions:incoming_note", pk=pk)
