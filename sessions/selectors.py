"""Reads of the sessions app for the pages and the calendar feed. Sessions are public facts;
the documents listed with them are those the person may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from documents.models import Document, Rendition
from documents.selectors import LANGUAGE_ORDER, renditions_of

from .models import AgendaItem, IncomingNote, NoteVerbale, Session
from .panels import Panel, panels_for

RELATED = ("body", "country", "parallel_with__body", "provisional_agenda")


@dataclass
class Calendar:
    upcoming: list[Session]
    past: list[Session]


def sessions_calendar(*, today: datetime.date, body_code: str = "") -> Calendar:
    """Sessions still to come (soonest first) and past ones (latest first)."""
    sessions = Session.objects.select_related(*RELATED)
    if body_code:
        sessions = sessions.filter(body__code=body_code)
    return Calendar(
        upcoming=list(sessions.filter(ends_on__gte=today).order_by("starts_on", "body__code")),
        past=list(sessions.filter(ends_on__lt=today).order_by("-starts_on", "body__code")),
    )


@dataclass
class SessionPage:
    session: Session
    #: The other parts of the same session (regular, resumed...), in date order.
    parts: list[Session]
    agenda: list[AgendaItem]
    provisional_agenda: Document | None
    panels: list[Panel]
    #: The session's documents in one PDF, in the languages it is ready in.
    bundle: list[Rendition]


def session_page(user, pk: int) -> SessionPage:
    """A session with its parts and its agenda, each item with the documents this person may
    see; ``Session.DoesNotExist`` if there is none."""
    session = Session.objects.select_related(*RELATED).get(pk=pk)
    visible = Document.objects.visible_to(user).order_by("symbol")
    agenda = list(
        AgendaItem.objects.filter(session=session)
        .prefetch_related(Prefetch("documents", queryset=visible, to_attr="visible_documents"))
        .order_by("number", "letter")
    )
    parts = list(
        Session.objects.filter(body=session.body_id, number=session.number)
        .exclude(pk=session.pk)
        .select_related("body")
        .order_by("starts_on")
    )
    provisional = session.provisional_agenda
    if provisional is not None and not visible.filter(pk=provisional.pk).exists():
        provisional = None  # the same rule as every other document of the page
    bundle = [r for r in renditions_of(session, Rendition.Variant.FINAL) if r.is_available]
    bundle.sort(key=lambda r: LANGUAGE_ORDER.get(r.language, 99))
    return SessionPage(session, parts, agenda, provisional, panels_for(user, session), bundle)


def notes_verbales_list(limit: int = 200):
    """The secretariat's notes verbales, the latest reference first."""
    return NoteVerbale.objects.select_related("session__body", "template").order_by("-year", "-number")[:limit]


def incoming_notes(*, query: str = "", limit: int = 200):
    """Notes verbales received, with the people they nominate; ``query`` finds a note by a
    named person's e-mail or last name, its reference or its subject (why does this person
    have access?)."""
    notes = IncomingNote.objects.select_related("state").prefetch_related("nominations__person")
    query = (query or "").strip()[:100]
    if query:
        notes = notes.filter(
            Q(nominations__person__email__icontains=query)
            | Q(nominations__person__last_name__icontains=query)
            | Q(their_reference__icontains=query)
            | Q(subject__icontains=query)
        ).distinct()
    return notes[:limit]
