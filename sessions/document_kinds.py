"""The kinds of document of the PDF pipeline the sessions app makes, in the six languages: notes
verbales (they go to Governments: only the secretariat reads their PDFs here) and the bundle of
a session's documents."""

from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from documents.compilation import Part, compilation
from documents.kinds import DocumentKind, DocumentMeta, register, render_html
from reviewmech.i18n import is_rtl, long_date
from reviewmech.roles import is_secretariat

from .bundle import bundle_sections
from .models import NoteVerbale, Session
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


@register
class SessionBundleKind(DocumentKind):
    """A session's documents in one PDF per language (``sessions.bundle``). Only public
    documents go in, so anyone may download it; the secretariat watches it being made."""

    slug = "session-documents"
    model = Session
    label_related = ("body",)
    template = "pdf/session_bundle.html"

    def meta(self, session):
        return DocumentMeta(
            symbol="",
            title=_("%(session)s — documents") % {"session": session.title()},
            date=None,
            original_language="en",
        )

    def context(self, session, variant):
        language = get_language()
        return {
            "session": session,
            "session_title": session.title(language),
            "first_day": long_date(session.starts_on, language),
            "last_day": long_date(session.ends_on, language),
        }

    def assemble(self, session, language, variant):
        sections = bundle_sections(session, language)
        parts = [
            Part(
                key=entry.key,
                bookmark=f"{entry.document.symbol} — {entry.title.text}",
                open=entry.file.file.open if entry.file is not None else None,
                fingerprint=f"{entry.file_language}:{entry.fingerprint}",
                group=_bookmark_group(section, language),
            )
            for section in sections
            for entry in section.entries
        ]

        def front_html(placed):
            for section in sections:
                for entry in section.entries:
                    entry.placed = (placed or {}).get(entry.key)
            return render_html(session, language, variant, sections=sections)

        with translation.override(language):
            title = self.meta(session).title
        return compilation(parts, front_html, title=title)

    def is_public(self, session):
        return True

    def can_read(self, user, session):
        return True

    def can_render(self, user, session):
        return is_secretariat(user)

    def filename(self, session, language):
        return f"{session.body.code}-{session.number}-{session.part}-documents-{language.upper()}.pdf"


def _bookmark_group(section, language) -> str:
    with translation.override(language):
        if section.item is None:
            return _("Provisional agenda")
        return _("Item %(label)s. %(title)s") % {"label": section.item.label, "title": section.title.text}
