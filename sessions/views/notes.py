"""Notes verbales, for the secretariat only: the list with the form to write one, and a note's
page with its text in the page's language, the sending and its PDFs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.selectors import panel_context
from documents.services.renditions import draft_preview
from reviewmech.forms import add_service_error
from reviewmech.views import secretariat_required

from .. import services
from ..forms import NoteVerbaleForm
from ..models import NoteVerbale
from ..notes import note_text
from ..selectors import notes_verbales_list


@secretariat_required
def notes_list(request):
    form = NoteVerbaleForm(request.POST or None, initial={"dated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            note = services.note_verbale_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Note verbale %(reference)s is ready to be checked and sent.") % {"reference": note.reference},
            )
            return redirect("sessions:note", pk=note.pk)
    notes = notes_verbales_list()
    return render(
        request,
        "sessions/notes.html",
        {"notes": notes, "form": form, "next_reference": services.note_reference_suggest(timezone.localdate().year)},
        status=422 if form.errors else 200,
    )


@secretariat_required
def note_detail(request, pk):
    note = get_object_or_404(
        NoteVerbale.objects.select_related(
            "session__body", "session__country", "session__parallel_with__body", "template"
        ),
        pk=pk,
    )
    return render(
        request,
        "sessions/note_detail.html",
        {"note": note, "text": note_text(note, get_language()), **panel_context(request.user, note)},
    )


@require_POST
@secretariat_required
def note_send(request, pk):
    note = get_object_or_404(NoteVerbale, pk=pk)
    try:
        services.note_verbale_send(actor=request.user, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Note verbale %(reference)s is sent; its PDFs are being made.") % {"reference": note.reference}
        )
    return redirect("sessions:note", pk=pk)


@require_POST
@secretariat_required
def note_preview(request, pk):
    note = get_object_or_404(NoteVerbale, pk=pk)
    draft_preview(document=note, actor=request.user)
    messages.success(request, _("The draft PDFs are being made."))
    return redirect("sessions:note", pk=pk)
