"""The text of a note verbale in one language: its template (``NoteTemplate``) filled with the
facts of its session, each written as that language writes it.

Placeholders a template may use:

``{addressee}``        to whom it is addressed ("Permanent Mission")
``{body}``             the body's name ("Implementation Review Group")
``{session}``          the session's full title, as in a sentence ("continued resumed second
                       session of the Implementation Review Group")
``{session_short}``    the session without the body ("continued resumed second session")
``{weekday_date}``     the first day with its weekday ("Tuesday, 25 October 2011")
``{dates}``            the dates of the session ("from 7 to 9 September 2011", "on 25 October 2011")
``{time}``             the opening time ("10 a.m.")
``{room}``, ``{venue}``, ``{place}``   room, venue, city and country ("Marrakech, Morocco")
``{previous_part}``, ``{previous_city}``, ``{previous_dates}``  the part held before this one
``{parallel_session}``, ``{parallel_session_short}``  the session held in parallel
"""

from __future__ import annotations

import datetime
import string
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.translation import gettext as _

from reviewmech.i18n import long_date, translated

from . import titles

TIME = {"en": "P"}  # "10 a.m."; the other languages write the 24-hour clock
DEFAULT_TIME = "H:i"

PLACEHOLDERS = frozenset(
    {
        "addressee",
        "body",
        "session",
        "session_short",
        "weekday_date",
        "dates",
        "time",
        "room",
        "venue",
        "place",
        "previous_part",
        "previous_city",
        "previous_dates",
        "parallel_session",
        "parallel_session_short",
    }
)


class TemplateError(ValueError):
    """A template names a placeholder that does not exist."""


def placeholders_of(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}


def check_template(text: str) -> None:
    unknown = placeholders_of(text) - PLACEHOLDERS
    if unknown:
        raise TemplateError(
            _("Unknown placeholders: %(names)s.") % {"names": ", ".join("{" + name + "}" for name in sorted(unknown))}
        )


def date_range(first: datetime.date, last: datetime.date, language: str) -> str:
    """ "on 25 October 2011", "from 7 to 9 September 2011", "from 30 May to 3 June 2011"."""
    if first == last:
        return _("on %(date)s") % {"date": long_date(first, language)}
    if (first.year, first.month) == (last.year, last.month):
        if language == "zh-hans":  # 2011年9月7日至9日: the year and month once, before the days
            return f"{long_date(first, language)}至{last.day}日"
        first_day = "1er" if language == "fr" and first.day == 1 else str(first.day)  # "du 1er au 3 juin"
        return _("from %(first_day)s to %(last)s") % {"first_day": first_day, "last": long_date(last, language)}
    return _("from %(first)s to %(last)s") % {"first": long_date(first, language), "last": long_date(last, language)}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


class _Facts(dict):
    def __missing__(self, key):  # a fact the session does not have: left visible, never blank
        return "[…]"


def session_facts(session, language: str, *, addressee: str | None = None) -> dict:
    """The facts of ``session`` for the placeholders, in ``language`` (active while called)."""
    body = translated(session.body, "name").text
    facts = _Facts(
        addressee=addressee if addressee is not None else _("Permanent Mission"),
        body=body,
        session=_lower_first(session.title(language)),
        session_short=_lower_first(titles.session_title(session.number, session.part, language)),
        weekday_date=long_date(session.starts_on, language, weekday=True),
        dates=date_range(session.starts_on, session.ends_on, language),
        place=session.place,
    )
    if session.opens_at:
        facts["time"] = formats.time_format(session.opens_at, TIME.get(language, DEFAULT_TIME))
    for name in ("room", "venue"):
        if getattr(session, name):
            facts[name] = translated(session, name).text
    previous = (
        type(session)
        .objects.filter(body=session.body_id, number=session.number, ends_on__lt=session.starts_on)
        .order_by("-starts_on")
        .first()
    )
    if previous is not None:
        facts["previous_part"] = _lower_first(titles.session_title(previous.number, previous.part, language))
        facts["previous_city"] = translated(previous, "city").text
        facts["previous_dates"] = date_range(previous.starts_on, previous.ends_on, language)
    if session.parallel_with_id:
        parallel = session.parallel_with
        facts["parallel_session"] = _lower_first(parallel.title(language))
        facts["parallel_session_short"] = _lower_first(titles.session_title(parallel.number, parallel.part, language))
    return facts


@dataclass
class Paragraph:
    text: str
    bold: bool = False


@dataclass
class NoteText:
    language: str
    #: The language the template's text is in (another one than ``language`` when it falls back).
    text_language: str
    subject: str
    paragraphs: list[Paragraph]


def note_text(note, language: str, *, addressee: str | None = None) -> NoteText:
    """The subject and paragraphs of ``note`` in ``language``. A template without that language
    falls back to English (the PDF marks it); the facts are always in ``language``."""
    text = translated(note.template, "text", language)
    subject = translated(note.template, "subject", text.language)
    # The facts are written in the language of the text they go into.
    with translation.override(text.language):
        facts = session_facts(note.session, text.language, addressee=addressee) if note.session_id else _Facts()
        paragraphs = []
        for block in text.text.replace("\r\n", "\n").split("\n\n"):
            block = " ".join(block.split())
            if not block:
                continue
            bold = block.startswith("**") and block.endswith("**")
            paragraphs.append(Paragraph(block.strip("*").strip().format_map(facts), bold))
        return NoteText(language, text.language, subject.text.format_map(facts), paragraphs)
