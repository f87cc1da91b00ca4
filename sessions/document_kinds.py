"""The notes verbales of the sessions app as a kind of document of the PDF pipeline, in the six
languages. Notes verbales go to Governments: only the secretariat reads their PDFs here."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from documents.kinds import DocumentKind, DocumentMeta, register
from reviewmech.i18n import is_rtl, long_date
from reviewmech.roles import is_secretariat

from .models import NoteVerbale
from .notes import note_text


@register
class NoteVerbaleKind(DocumentKind):
    slug = "note-verbale"
    model = NoteVerbale
    template = "pdf/note_verbale.html"

    def meta(self, note):
        return DocumentMeta(
            symbol="",
            title=_("Note verbale %(reference)s") % {"reference": note.reference},
            date=note.dated_on,
            original_language="en",
            distribution="Restricted",
        )

    def context(self, note, variant):
        language = get_language()
        text = note_text(note, language)
        return {
            "note": note,
            "text": text,
            "text_rtl": is_rtl(text.text_language),
            "dated": long_date(note.dated_on, language),
        }

    def is_public(self, note):
        return False

    def can_read(self, user, note):
        return is_secretariat(user)

    def filename(self, note, language):
        return f"note-verbale-CU-{note.year}-{note.number}-{language.upper()}.pdf"
