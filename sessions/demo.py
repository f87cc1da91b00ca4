"""Demonstration sessions, agendas and documents, built through the services of ``sessions`` and
of the documents registry, as the secretariat would enter them.

Facts come from the seed documents where they exist:

- seed 000 (note verbale CU 2011/167): the second session of the IRG, resumed in Vienna and
  continued in Marrakech on 25 October 2011 at 10 a.m., Plenary II – Toubkal, Palmeraie Golf
  Palace Complex, in parallel with the fourth session of the Conference of the States Parties;
- seed 001 (note by the Secretariat for the ninth session of the COP, 24 May 2018): item 2 (a)
  of the provisional agenda CTOC/COP/2018/1 and the reports of the three meetings of the
  CTOC/COP/WG.9 series;
- seed 003 (summary of the 9th NGO briefing): the first resumed eleventh session of the IRG
  (Vienna, 31 August–2 September 2020) and its programme, a conference room paper.

Every value the seeds do not give is marked ``# demo value`` where it is set. No file is
attached to any document: the site says "not issued in this language", which is honest for
demo data.

Idempotent: every row is looked up first and made only when missing, so a second run creates
and changes nothing. A row that already exists is left as it is, even if it differs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from documents.models import Distribution, Document
from documents.services.registry import document_issue, document_register
from reference.models import Body, Instrument, State

from .models import AgendaItem, NoteTemplate, NoteVerbale, Session
from .services import (
    agenda_document_add,
    agenda_item_save,
    note_verbale_create,
    note_verbale_send,
    session_save,
    session_set_provisional_agenda,
)

D = datetime.date
Part = Session.Part
Key = tuple[str, int, str]

# --- Places --------------------------------------------------------------------------------------

CITIES = {
    "vienna": {"en": "Vienna", "fr": "Vienne", "es": "Viena", "ru": "Вена", "ar": "فيينا", "zh-hans": "维也纳"},
    "marrakech": {
        "en": "Marrakech",
        "fr": "Marrakech",
        "es": "Marrakech",
        "ru": "Марракеш",
        "ar": "مراكش",
        "zh-hans": "马拉喀什",
    },
}
COUNTRIES = {"vienna": "AUT", "marrakech": "MAR"}
VIC = {
    "en": "Vienna International Centre",
    "fr": "Centre international de Vienne",
    "es": "Centro Internacional de Viena",
    "ru": "Венский международный центр",
    "ar": "مركز فيينا الدولي",
    "zh-hans": "维也纳国际中心",
}


# --- Sessions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSession:
    body: str
    number: int
    part: str
    city: str  # a key of CITIES (and COUNTRIES)
    starts_on: datetime.date
    ends_on: datetime.date
    venue: dict | None = None
    room: dict | None = None
    opens_at: datetime.time | None = None
    parallel_with: Key | None = None  # a session listed before this one

    @property
    def key(self) -> Key:
        return (self.body, self.number, self.part)


SESSIONS = (
    # Seed 000 and DOMAIN.md §6: the second session of the IRG, resumed, then continued.
    DemoSession("irg", 2, Part.REGULAR, "vienna", D(2011, 5, 30), D(2011, 6, 3), venue=VIC),
    DemoSession("irg", 2, Part.RESUMED, "vienna", D(2011, 9, 7), D(2011, 9, 9), venue=VIC),
    # COSP 4 (Marrakech, 24–28 October 2011): the seed gives the city, not the venue.
    DemoSession("cosp", 4, Part.REGULAR, "marrakech", D(2011, 10, 24), D(2011, 10, 28)),
    DemoSession(
        "irg",
        2,
        Part.CONTINUED_RESUMED,
        "marrakech",
        D(2011, 10, 25),
        D(2011, 10, 25),
        venue={"en": "Palmeraie Golf Palace Complex"},
        room={"en": "Plenary II – Toubkal"},
        opens_at=datetime.time(10, 0),
        parallel_with=("cosp", 4, Part.REGULAR),
    ),
    # The drawing of lots for the second UNCAC review cycle.
    DemoSession("irg", 7, Part.REGULAR, "vienna", D(2016, 6, 20), D(2016, 6, 24), venue=VIC),
    # Seed 001.
    DemoSession("cop", 9, Part.REGULAR, "vienna", D(2018, 10, 15), D(2018, 10, 19), venue=VIC),
    # Seed 003.
    DemoSession("irg", 11, Part.FIRST_RESUMED, "vienna", D(2020, 8, 31), D(2020, 9, 2), venue=VIC),
    # The launch of the UNTOC review mechanism.
    DemoSession("cop", 10, Part.REGULAR, "vienna", D(2020, 10, 12), D(2020, 10, 16), venue=VIC),
)

COP_9 = ("cop", 9, Part.REGULAR)
IRG_2 = ("irg", 2, Part.REGULAR)
IRG_11 = ("irg", 11, Part.FIRST_RESUMED)


# --- Agendas -------------------------------------------------------------------------------------
# Titles in the other languages only where they are the standard UN wording (the items of the
# IRG's annotated provisional agendas, the names of the instruments); elsewhere English only,
# which the site shows with an "English only" badge.

ORGANIZATIONAL_MATTERS = {
    "en": "Organizational matters",
    "fr": "Questions d'organisation",
    "es": "Cuestiones de organización",
    "ru": "Организационные вопросы",
    "ar": "المسائل التنظيمية",
    "zh-hans": "组织事项",
}
OPENING = {
    "en": "Opening of the session",
    "fr": "Ouverture de la session",
    "es": "Apertura del período de sesiones",
    "ru": "Открытие сессии",
    "ar": "افتتاح الدورة",
    "zh-hans": "会议开幕",
}
ELECTION_OF_OFFICERS = {
    "en": "Election of officers",
    "fr": "Élection du Bureau",
    "es": "Elección de la Mesa",
    "ru": "Выборы должностных лиц",
    "ar": "انتخاب أعضاء المكتب",
    "zh-hans": "选举主席团成员",
}
ADOPTION_OF_AGENDA = {
    "en": "Adoption of the agenda and organization of work",
    "fr": "Adoption de l'ordre du jour et organisation des travaux",
    "es": "Aprobación del programa y organización de los trabajos",
    "ru": "Утверждение повестки дня и организация работы",
    "ar": "إقرار جدول الأعمال وتنظيم الأعمال",
    "zh-hans": "通过议程和工作安排",
}
GENERAL_DISCUSSION = {
    "en": "General discussion",
    "fr": "Débat général",
    "es": "Debate general",
    "ru": "Общие прения",
    "ar": "المناقشة العامة",
    "zh-hans": "一般性辩论",
}
UNCAC_REVIEW = {
    "en": "Review of implementation of the United Nations Convention against Corruption",
    "fr": "Examen de l'application de la Convention des Nations Unies contre la corruption",
    "es": "Examen de la aplicación de la Convención de las Naciones Unidas contra la Corrupción",
    "ru": "Обзор хода осуществления Конвенции Организации Объединенных Наций против коррупции",
    "ar": "استعراض تنفيذ اتفاقية الأمم المتحدة لمكافحة الفساد",
    "zh-hans": "审议《联合国反腐败公约》实施情况",
}
TECHNICAL_ASSISTANCE = {
    "en": "Technical assistance",
    "fr": "Assistance technique",
    "es": "Asistencia técnica",
    "ru": "Техническая помощь",
    "ar": "المساعدة التقنية",
    "zh-hans": "技术援助",
}
FINANCIAL_MATTERS = {
    "en": "Financial and budgetary matters",
    "fr": "Questions financières et budgétaires",
    "es": "Cuestiones financieras y presupuestarias",
    "ru": "Финансовые и бюджетные вопросы",
    "ar": "المسائل المالية والمتعلقة بالميزانية",
    "zh-hans": "财务和预算事项",
}
OTHER_MATTERS = {
    "en": "Other matters",
    "fr": "Questions diverses",
    "es": "Otros asuntos",
    "ru": "Прочие вопросы",
    "ar": "مسائل أخرى",
    "zh-hans": "其他事项",
}
UNTOC_REVIEW = {  # seed 001, item 2
    "en": (
        "Review of the implementation of the United Nations Convention against Transnational Organized Crime "
        "and the Protocols thereto"
    ),
    "fr": (
        "Examen de l'application de la Convention des Nations Unies contre la criminalité transnationale "
        "organisée et des Protocoles s'y rapportant"
    ),
    "es": (
        "Examen de la aplicación de la Convención de las Naciones Unidas contra la Delincuencia Organizada "
        "Transnacional y sus Protocolos"
    ),
    "ru": (
        "Обзор хода осуществления Конвенции Организации Объединенных Наций против транснациональной "
        "организованной преступности и протоколов к ней"
    ),
    "ar": "استعراض تنفيذ اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية والبروتوكولات الملحقة بها",
    "zh-hans": "审议《联合国打击跨国有组织犯罪公约》及其议定书的实施情况",
}
UNTOC = {  # seed 001, item 2 (a)
    "en": "United Nations Convention against Transnational Organized Crime",
    "fr": "Convention des Nations Unies contre la criminalité transnationale organisée",
    "es": "Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional",
    "ru": "Конвенция Организации Объединенных Наций против транснациональной организованной преступности",
    "ar": "اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية",
    "zh-hans": "《联合国打击跨国有组织犯罪公约》",
}
SUPPLEMENTING = "supplementing the United Nations Convention against Transnational Organized Crime"

AGENDAS: dict[Key, tuple[tuple[int, str, dict | str], ...]] = {
    # Items 2 and 2 (a) are seed 001's; the other items follow the usual shape of a COP agenda
    # (demo values: the seed does not show the rest of CTOC/COP/2018/1).
    COP_9: (
        (1, "", ORGANIZATIONAL_MATTERS),
        (1, "a", OPENING),
        (1, "b", ELECTION_OF_OFFICERS),
        (1, "c", ADOPTION_OF_AGENDA),
        (1, "d", "Participation of observers"),
        (1, "e", "Adoption of the report of the Bureau on credentials"),
        (1, "f", GENERAL_DISCUSSION),
        (2, "", UNTOC_REVIEW),
        (2, "a", UNTOC),
        (
            2,
            "b",
            "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, "
            + SUPPLEMENTING,
        ),
        (2, "c", "Protocol against the Smuggling of Migrants by Land, Sea and Air, " + SUPPLEMENTING),
        (
            2,
            "d",
            "Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their Parts and Components "
            "and Ammunition, " + SUPPLEMENTING,
        ),
        (3, "", "International cooperation, including extradition, mutual legal assistance and confiscation"),
        (4, "", TECHNICAL_ASSISTANCE),
        (5, "", OTHER_MATTERS),
        (6, "", "Provisional agenda for the tenth session of the Conference"),
        (7, "", "Adoption of the report of the Conference on its ninth session"),
    ),
    # DOMAIN.md §6, the IRG's usual agenda.
    IRG_2: (
        (1, "", ORGANIZATIONAL_MATTERS),
        (1, "a", OPENING),
        (1, "b", ADOPTION_OF_AGENDA),
        (2, "", UNCAC_REVIEW),
        (3, "", TECHNICAL_ASSISTANCE),
        (4, "", FINANCIAL_MATTERS),
        (5, "", OTHER_MATTERS),
        (6, "", "Provisional agenda for the third session of the Implementation Review Group"),
        (7, "", "Adoption of the report of the Implementation Review Group on its second session"),
    ),
    # From the sixth session (2015) on, the IRG's agenda also has the performance of the Mechanism.
    IRG_11: (
        (1, "", ORGANIZATIONAL_MATTERS),
        (1, "a", OPENING),
        (1, "b", ADOPTION_OF_AGENDA),
        (2, "", UNCAC_REVIEW),
        (
            3,
            "",
            "Performance of the Mechanism for the Review of Implementation of the United Nations Convention "
            "against Corruption",
        ),
        (4, "", TECHNICAL_ASSISTANCE),
        (5, "", FINANCIAL_MATTERS),
        (6, "", OTHER_MATTERS),
        (7, "", "Provisional agenda for the twelfth session of the Implementation Review Group"),
        (8, "", "Adoption of the report of the Implementation Review Group on its eleventh session"),
    ),
}


# --- Documents -----------------------------------------------------------------------------------

WG9_MEETING = (
    "Report on the meeting for the purpose of defining the specific procedures and rules for the functioning of "
    "the review mechanism for the United Nations Convention against Transnational Organized Crime and the "
    "Protocols thereto, held in Vienna from {dates}"
)


@dataclass(frozen=True)
class DemoDocument:
    symbol: str
    body: str
    title: dict | str
    issued_on: datetime.date
    session: Key
    item: tuple[int, str] | None = None  # the agenda item (number, letter) that considers it
    provisional_agenda: bool = False  # the session's provisional agenda


DOCUMENTS = (
    DemoDocument(
        "CTOC/COP/2018/1",  # seed 001
        "cop",
        {
            "en": "Annotated provisional agenda",
            "fr": "Ordre du jour provisoire annoté",
            "es": "Programa provisional anotado",
            "ru": "Аннотированная предварительная повестка дня",
            "ar": "جدول الأعمال المؤقت المشروح",
            "zh-hans": "临时议程和说明",
        },
        D(2018, 7, 20),  # demo value: the seed does not date the provisional agenda
        COP_9,
        item=(1, "c"),
        provisional_agenda=True,
    ),
    DemoDocument(
        # demo value: the number 3 is the demo's; seed 001 shows the note but not its symbol.
        "CTOC/COP/2018/3",
        "cop",
        "Reports on the meetings for the purpose of defining the specific procedures and rules for the functioning "
        "of the review mechanism for the United Nations Convention against Transnational Organized Crime and the "
        "Protocols thereto, held in Vienna from 24 to 26 April 2017, from 30 October to 1 November 2017, and from "
        "21 to 23 March 2018",
        D(2018, 5, 24),  # seed 001
        COP_9,
        item=(2, "a"),
    ),
    # The three reports of seed 001. The seed gives the meetings' dates, not the reports' own
    # titles and dates: each is titled after its meeting and dated on its last day (demo values).
    DemoDocument(
        "CTOC/COP/WG.9/2017/4",
        "cop-wg",
        WG9_MEETING.format(dates="24 to 26 April 2017"),
        D(2017, 4, 26),
        COP_9,
        item=(2, "a"),
    ),
    DemoDocument(
        "CTOC/COP/WG.9/2017/6",
        "cop-wg",
        WG9_MEETING.format(dates="30 October to 1 November 2017"),
        D(2017, 11, 1),
        COP_9,
        item=(2, "a"),
    ),
    DemoDocument(
        "CTOC/COP/WG.9/2018/2",
        "cop-wg",
        WG9_MEETING.format(dates="21 to 23 March 2018"),
        D(2018, 3, 23),
        COP_9,
        item=(2, "a"),
    ),
    DemoDocument(
        "CAC/COSP/IRG/2020/1",  # demo value: symbol and date of the eleventh session's provisional agenda
        "irg",
        {"en": "Annotated provisional agenda", "zh-hans": "临时议程和说明"},
        D(2020, 6, 15),
        IRG_11,
        item=(1, "b"),
        provisional_agenda=True,
    ),
    DemoDocument(
        # Seed 003 (paragraph 5) names CAC/COSP/IRG/2020/CRP.14 as the programme of the briefing;
        # the wording of its title and its date (the first day of the session) are demo values.
        "CAC/COSP/IRG/2020/CRP.14",
        "irg",
        "Programme of the briefing for non-governmental organizations",
        D(2020, 8, 31),
        IRG_11,
    ),
)


# --- Loading -------------------------------------------------------------------------------------


def _session(actor, spec: DemoSession, made: dict[Key, Session]) -> Session:
    body = Body.objects.get(code=spec.body)
    session = Session.objects.filter(body=body, number=spec.number, part=spec.part).first()
    if session is not None:
        return session
    return session_save(
        actor=actor,
        body=body,
        number=spec.number,
        part=spec.part,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        city=CITIES[spec.city],
        venue=spec.venue,
        room=spec.room,
        country=State.objects.get(code=COUNTRIES[spec.city]),
        opens_at=spec.opens_at,
        parallel_with=made[spec.parallel_with] if spec.parallel_with else None,
    )


def _agenda(actor, session: Session, items) -> dict[tuple[int, str], AgendaItem]:
    existing = {(item.number, item.letter): item for item in session.agenda.all()}
    for number, letter, title in items:  # an item comes before its sub-items
        if (number, letter) not in existing:
            existing[(number, letter)] = agenda_item_save(
                actor=actor, session=session, number=number, letter=letter, title=title
            )
    return existing


def _document(actor, spec: DemoDocument) -> Document:
    document = Document.objects.filter(symbol=spec.symbol).first()
    if document is None:
        document = document_register(
            actor=actor,
            symbol=spec.symbol,
            title=spec.title,
            issued_on=spec.issued_on,
            distribution=Distribution.GENERAL,
            original_language="en",
            body=Body.objects.get(code=spec.body),
        )
    if document.status != Document.Status.ISSUED:
        document = document_issue(document=document, actor=actor, on=spec.issued_on)
    return document


@transaction.atomic
def sessions_demo_load(actor) -> dict[Key, Session]:
    """The demo's sessions, keyed ``(body code, number, part)``, with their agendas and the
    documents they consider. ``actor`` is a secretariat user (the services require one)."""
    sessions: dict[Key, Session] = {}
    for spec in SESSIONS:
        sessions[spec.key] = _session(actor, spec, sessions)
    agendas = {key: _agenda(actor, sessions[key], items) for key, items in AGENDAS.items()}
    for spec in DOCUMENTS:
        document = _document(actor, spec)
        session = sessions[spec.session]
        if spec.item is not None:
            item = agendas[spec.session][spec.item]
            if not item.documents.filter(pk=document.pk).exists():
                agenda_document_add(actor=actor, item=item, document=document)
        if spec.provisional_agenda and session.provisional_agenda_id is None:
            session_set_provisional_agenda(actor=actor, session=session, document=document)
    _seed_000_note(actor, sessions[("irg", 2, Part.CONTINUED_RESUMED)])
    return sessions


def _seed_000_note(actor, session: Session) -> NoteVerbale:
    """Seed 000: note verbale CU 2011/167 of 21 September 2011, announcing the continued resumed
    second session of the IRG to the States parties to the Convention against Corruption; sent,
    so the workers make its six PDFs."""
    note = NoteVerbale.objects.filter(year=2011, number=167).first()
    if note is None:
        note = note_verbale_create(
            actor=actor,
            template=NoteTemplate.objects.get(code="continued-session"),
            dated_on=D(2011, 9, 21),
            session=session,
            addressees=NoteVerbale.Addressees.PARTIES,
            instrument=Instrument.objects.get(code="uncac"),
            number=167,
        )
    if note.status == NoteVerbale.Status.DRAFT:
        note = note_verbale_send(actor=actor, note=note, on=D(2011, 9, 21))
    return note
