"""Writes of the sessions app: sessions and their parts, their agendas and the documents
considered under each item. Secretariat staff only; every refusal is a translated message on
the field concerned, and nothing already saved is lost."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import activation_send, user_create
from documents.files import FileKind, sniff_kind
from documents.models import Document, Sequence
from documents.services.registry import sequence_next
from documents.services.renditions import request_renditions
from reviewmech.i18n import texts_by_language
from reviewmech.roles import is_secretariat

from .bundle import bundle_request
from .models import STATE_ROLES_ORDERED, AgendaItem, IncomingNote, Nomination, NoteTemplate, NoteVerbale, Session

TEXT_LIMITS = {"city": 100, "venue": 200, "room": 200}


def _require_staff(actor):
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat prepares sessions."))


def _texts(field: str, values: dict | str | None, *, required: bool = False) -> dict:
    """``{"en": "Vienna", "fr": "Vienne"}`` (or an English string) → ``{"city_en": …}``."""
    result = texts_by_language(field, values, limit=TEXT_LIMITS[field])
    if required and not result.get(f"{field}_en"):
        raise ValidationError({field: _("Give it in English at least; the other languages fall back to it.")})
    return result


def _overlaps(first: Session, second: Session) -> bool:
    return first.starts_on <= second.ends_on and second.starts_on <= first.ends_on


def _check_session(session: Session) -> None:
    errors = {}
    if session.ends_on < session.starts_on:
        errors["ends_on"] = _("The last day cannot be before the first day.")
    siblings = Session.objects.filter(body=session.body, number=session.number).exclude(pk=session.pk)
    if siblings.filter(part=session.part).exists():
        errors["part"] = _("This part of the session is already recorded.")
    if "ends_on" not in errors:
        for other in siblings:
            if _overlaps(session, other):
                errors["starts_on"] = _("These dates overlap with the %(part)s (%(start)s–%(end)s).") % {
                    "part": other.get_part_display().lower(),
                    "start": date_format(other.starts_on),
                    "end": date_format(other.ends_on),
                }
                break
        regular = siblings.filter(part=Session.Part.REGULAR).first()
        if session.part != Session.Part.REGULAR and regular and session.starts_on <= regular.ends_on:
            message = _("A resumed part is held after the session it resumes (which ended on %(end)s).")
            errors.setdefault("starts_on", message % {"end": date_format(regular.ends_on)})
    if session.parallel_with_id:
        parallel = session.parallel_with
        if parallel.pk == session.pk or parallel.body_id == session.body_id:
            errors["parallel_with"] = _("A session is held in parallel with a session of another body.")
        elif "ends_on" not in errors and not _overlaps(session, parallel):
            errors["parallel_with"] = _("Sessions held in parallel share at least one day.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_save(
    *,
    actor,
    body,
    number: int,
    part: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    city: dict | str,
    venue: dict | str | None = None,
    room: dict | str | None = None,
    country=None,
    opens_at: datetime.time | None = None,
    parallel_with: Session | None = None,
    session: Session | None = None,
) -> Session:
    """Create a session (or one of its parts), or change ``session``. Its title is never
    typed: it is made from the body, the number and the part in each language."""
    _require_staff(actor)
    if part not in Session.Part.values:
        raise ValidationError({"part": _("Choose the part of the session.")})
    if not number or number < 1:
        raise ValidationError({"number": _("Sessions are numbered from 1.")})
    texts = {
        **_texts("city", city, required=True),
        **_texts("venue", venue),
        **_texts("room", room),
    }
    if session is None:
        session = Session(body=body)
    else:
        session = Session.objects.select_for_update().get(pk=session.pk)
        session.body = body
    session.number = number
    session.part = part
    session.starts_on = starts_on
    session.ends_on = ends_on
    session.country = country
    session.opens_at = opens_at
    session.parallel_with = parallel_with
    # The untranslated columns keep the English text, as every other translated field does.
    session.city = texts["city_en"]
    session.venue = texts.get("venue_en", session.venue_en or "")
    for name, value in texts.items():
        setattr(session, name, value)
    _check_session(session)
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as exc:  # the same part recorded a moment ago by someone else
        raise ValidationError({"part": _("This part of the session is already recorded.")}) from exc
    bundle_request(session)  # its cover gives the title, dates and place
    return session


def _agenda_label_taken(session, number, letter, exclude=None) -> bool:
    items = AgendaItem.objects.filter(session=session, number=number, letter=letter)
    if exclude is not None:
        items = items.exclude(pk=exclude.pk)
    return items.exists()


@transaction.atomic
def agenda_item_save(
    *,
    actor,
    session: Session,
    number: int,
    title: dict | str,
    letter: str = "",
    item: AgendaItem | None = None,
) -> AgendaItem:
    """An item ("2") or sub-item ("2 (a)") of the session's agenda, with its title per
    language. A sub-item needs its item."""
    _require_staff(actor)
    letter = (letter or "").strip().lower()
    errors = {}
    if not number or number < 1:
        errors["number"] = _("Agenda items are numbered from 1.")
    if letter and not (letter.isascii() and letter.isalpha() and len(letter) <= 2):
        errors["letter"] = _("A sub-item is a letter: a, b, c…")
    try:
        titles = texts_by_language("title", title, limit=500)
    except ValidationError as exc:
        errors.update({name: messages[0] for name, messages in exc.message_dict.items()})
        titles = {}
    if not titles.get("title_en"):
        errors.setdefault("title", _("Give it in English at least; the other languages fall back to it."))
    if not errors:
        if _agenda_label_taken(session, number, letter, exclude=item):
            errors["number"] = _("Item %(label)s is already on the agenda.") % {
                "label": f"{number} ({letter})" if letter else number
            }
        elif letter and not AgendaItem.objects.filter(session=session, number=number, letter="").exists():
            errors["letter"] = _("Add item %(number)s before its sub-items.") % {"number": number}
    if errors:
        raise ValidationError(errors)
    if item is None:
        item = AgendaItem(session=session)
    item.number = number
    item.letter = letter
    item.title = titles["title_en"]
    for name, value in titles.items():
        setattr(item, name, value)
    item.save()
    bundle_request(session)
    return item


@transaction.atomic
def agenda_item_delete(*, actor, item: AgendaItem) -> None:
    _require_staff(actor)
    if (
        not item.letter
        and AgendaItem.objects.filter(session=item.session, number=item.number).exclude(letter="").exists()
    ):
        raise ValidationError(_("Remove the sub-items of this item first."))
    item.delete()
    bundle_request(item.session)


@transaction.atomic
def agenda_document_add(*, actor, item: AgendaItem, document: Document | None = None, symbol: str = "") -> Document:
    """The document (or the one registered under ``symbol``) is considered under this item."""
    _require_staff(actor)
    if document is None:
        document = Document.objects.filter(symbol=(symbol or "").strip()).first()
        if document is None:
            raise ValidationError({"symbol": _("No document is registered under this symbol.")})
    item.documents.add(document)
    bundle_request(item.session)
    return document


@transaction.atomic
def agenda_document_remove(*, actor, item: AgendaItem, document: Document) -> None:
    _require_staff(actor)
    item.documents.remove(document)
    bundle_request(item.session)


@transaction.atomic
def session_set_provisional_agenda(*, actor, session: Session, document: Document | None) -> Session:
    """The provisional agenda is itself a document of the registry."""
    _require_staff(actor)
    session.provisional_agenda = document
    session.save(update_fields=["provisional_agenda"])
    bundle_request(session)
    return session


# --- Notes verbales --------------------------------------------------------------------------


def _reference_key(year: int) -> str:
    return f"cu:{year}"


def note_reference_suggest(year: int) -> str:
    """The next free reference of the year ("CU 2026/12"), for the form: taken for good only
    when the note is created."""
    highest = NoteVerbale.objects.filter(year=year).aggregate(highest=Max("number"))["highest"] or 0
    sequence = Sequence.objects.filter(key=_reference_key(year)).first()
    return f"CU {year}/{max(highest, sequence.last if sequence else 0) + 1}"


def _check_addressees(addressees, instrument, regional_group, states) -> dict:
    errors = {}
    if addressees not in NoteVerbale.Addressees.values:
        errors["addressees"] = _("Choose to whom the note is addressed.")
    elif addressees in (NoteVerbale.Addressees.PARTIES, NoteVerbale.Addressees.GROUP) and instrument is None:
        errors["instrument"] = _("Choose the instrument whose States parties receive the note.")
    if addressees == NoteVerbale.Addressees.GROUP and regional_group is None:
        errors["regional_group"] = _("Choose the regional group.")
    if addressees == NoteVerbale.Addressees.STATES and not states:
        errors["states"] = _("Choose at least one State.")
    return errors


@transaction.atomic
def note_verbale_create(
    *,
    actor,
    template: NoteTemplate,
    dated_on: datetime.date,
    session: Session | None = None,
    addressees: str = NoteVerbale.Addressees.PARTIES,
    instrument=None,
    regional_group=None,
    states=(),
    number: int | None = None,
) -> NoteVerbale:
    """A draft note verbale under the next reference of its year (``CU 2026/12``), or under
    ``number`` when an earlier note is recorded (seed 000 is CU 2011/167). Two staff creating
    notes at once never get the same reference."""
    _require_staff(actor)
    errors = _check_addressees(addressees, instrument, regional_group, list(states))
    if number is not None and number < 1:
        errors["number"] = _("References are numbered from 1.")
    if errors:
        raise ValidationError(errors)
    year = dated_on.year
    if number is None:
        highest = NoteVerbale.objects.filter(year=year).aggregate(highest=Max("number"))["highest"] or 0
        number = sequence_next(_reference_key(year), at_least=highest + 1)
    elif NoteVerbale.objects.filter(year=year, number=number).exists():
        raise ValidationError(
            {"number": _("CU %(year)s/%(number)s is already taken.") % {"year": year, "number": number}}
        )
    note = NoteVerbale(
        year=year,
        number=number,
        dated_on=dated_on,
        session=session,
        template=template,
        addressees=addressees,
        instrument=instrument,
        regional_group=regional_group,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            note.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"number": _("CU %(year)s/%(number)s is already taken.") % {"year": year, "number": number}}
        ) from exc
    if addressees == NoteVerbale.Addressees.STATES:
        note.states.set(states)
    return note


@transaction.atomic
def note_verbale_send(*, actor, note: NoteVerbale, on: datetime.date | None = None) -> NoteVerbale:
    """Mark the note sent and have the workers render it in the six languages."""
    _require_staff(actor)
    note = NoteVerbale.objects.select_for_update().get(pk=note.pk)
    if note.status == NoteVerbale.Status.SENT:
        raise ValidationError(_("This note verbale has already been sent."))
    note.status = NoteVerbale.Status.SENT
    note.sent_on = on or timezone.localdate()
    note.save(update_fields=["status", "sent_on"])
    request_renditions(note)
    return note


# --- Notes verbales received, and nominations -------------------------------------------------

SCAN_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def incoming_note_register(
    *,
    actor,
    state,
    received_on: datetime.date,
    subject: str,
    dated_on: datetime.date | None = None,
    their_reference: str = "",
    scan=None,
) -> IncomingNote:
    """Record a note verbale received from a State, with its scan (a PDF)."""
    _require_staff(actor)
    errors = {}
    subject = (subject or "").strip()
    if not subject:
        errors["subject"] = _("Say what the note is about.")
    if received_on > timezone.localdate():
        errors["received_on"] = _("The date cannot be in the future.")
    if dated_on and dated_on > received_on:
        errors["dated_on"] = _("A note cannot be dated after it was received.")
    if scan is not None and (scan.size == 0 or scan.size > SCAN_MAX_BYTES or sniff_kind(scan) != FileKind.PDF):
        errors["scan"] = _("The scan must be a PDF file of at most 20 MB.")
    if errors:
        raise ValidationError(errors)
    note = IncomingNote(
        state=state,
        received_on=received_on,
        dated_on=dated_on,
        their_reference=(their_reference or "").strip()[:100],
        subject=subject[:300],
        registered_by=actor,
    )
    if scan is not None:
        note.file.save(f"{state.code}-{received_on:%Y%m%d}.pdf", scan, save=False)
    note.save()
    return note


def _username_for(email: str) -> str:
    base = email.split("@", 1)[0].lower()[:100] or "person"
    name, counter = base, 1
    while User.objects.filter(username=name).exists():
        counter += 1
        name = f"{base}{counter}"
    return name


@transaction.atomic
def nomination_record(
    *,
    actor,
    note: IncomingNote,
    role: str,
    email: str,
    first_name: str,
    last_name: str,
    preferred_language: str = "en",
) -> Nomination:
    """The person the note names: their account is created (inactive until they activate it
    from the link they are sent) or, if they have one for the same State, found and given the
    role; the nomination keeps the note as the reason they have access."""
    _require_staff(actor)
    if role not in [r.value for r in STATE_ROLES_ORDERED]:
        raise ValidationError({"role": _("Choose focal point, governmental expert or observer.")})
    email = (email or "").strip()
    person = User.objects.filter(email__iexact=email).first() if email else None
    if person is not None and person.state_id != note.state_id:
        raise ValidationError({"email": _("This address belongs to an account of another State.")})
    if person is None:
        try:
            person = user_create(
                username=_username_for(email),
                email=email,
                password=None,
                role=role,
                state=note.state,
                first_name=(first_name or "").strip(),
                last_name=(last_name or "").strip(),
                preferred_language=preferred_language,
            )
        except ValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        person.is_active = False
        person.save(update_fields=["is_active"])
    elif person.role != role:
        person.role = role
        person.save(update_fields=["role"])
    if Nomination.objects.filter(note=note, person=person).exists():
        raise ValidationError({"email": _("This note already names this person.")})
    nomination = Nomination.objects.create(note=note, person=person, role=role, recorded_by=actor)
    if not person.is_active or not person.has_usable_password():
        activation_send(user=person, actor=actor)
    return nomination
