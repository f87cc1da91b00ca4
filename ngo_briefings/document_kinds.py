"""The summary of an NGO briefing as a kind of document of the PDF pipeline: rendered by the
workers in the languages it is written in (often English only, marked so), public once the
secretariat publishes it."""

from django.conf import settings
from django.utils.translation import get_language, get_language_info, pgettext
from django.utils.translation import gettext as _

from documents.kinds import DocumentKind, DocumentMeta, register
from reviewmech.i18n import long_date, translated
from reviewmech.roles import is_secretariat
from sessions.titles import session_title

from .models import Briefing


def paragraphs(text: str) -> list[str]:
    """The summary's paragraphs (separated by a blank line), without the numbers a pasted text
    may carry: the PDF numbers them."""
    result = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        block = " ".join(block.split())
        if not block:
            continue
        head, _dot, rest = block.partition(". ")
        result.append(rest if head.isdigit() and rest else block)
    return result


#: Languages that write the names of languages in lower case within a sentence.
LOWER_CASE_LANGUAGE_NAMES = {"fr", "es", "ru"}


@register
class BriefingSummaryKind(DocumentKind):
    slug = "ngo-briefing-summary"
    model = Briefing
    template = "pdf/briefing_summary.html"

    def meta(self, briefing):
        languages = briefing.summary_languages
        return DocumentMeta(
            symbol="",
            title=_("Briefing for non-governmental organizations %(number)s: summary") % {"number": briefing.number},
            date=briefing.summary_issued_on,
            original_language=languages[0] if languages else settings.LANGUAGE_CODE,
        )

    def context(self, briefing, variant):
        language = get_language()
        session = briefing.session
        issued_in = briefing.summary_languages
        if len(issued_in) == len(settings.LANGUAGES):
            only = ""
        elif issued_in == [settings.MODELTRANSLATION_DEFAULT_LANGUAGE]:
            only = _("English only")
        else:
            names = [str(get_language_info(code)["name_translated"]) for code in issued_in]
            if language in LOWER_CASE_LANGUAGE_NAMES:  # "en anglais et en français", not "Anglais"
                names = [name.lower() for name in names]
            only = _("Issued in %(languages)s only") % {"languages": pgettext("list separator", ", ").join(names)}
        return {
            "briefing": briefing,
            "body_name": translated(session.body, "name", language).text,
            "session_phrase": session_title(session.number, session.part, language),
            "session_place": session.place,
            "session_dates": long_date(session.starts_on, language)
            if session.starts_on == session.ends_on
            else f"{long_date(session.starts_on, language)} – {long_date(session.ends_on, language)}",
            "summary_date": long_date(briefing.summary_issued_on, language) if briefing.summary_issued_on else "",
            "only": only,
            "paragraphs": paragraphs(translated(briefing, "summary", language).text),
        }

    def languages(self, briefing):
        return briefing.summary_languages

    def is_public(self, briefing):
        return briefing.summary_published

    def can_read(self, user, briefing):
        return is_secretariat(user)

    def filename(self, briefing, language):
        return f"NGO-briefing-{briefing.number}-summary-{language.upper()}.pdf"
