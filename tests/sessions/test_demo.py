"""The demo's sessions, agendas and documents (sessions/demo.py): the seeds' facts, built through
the services, and nothing new on a second run."""

import datetime

import pytest

from documents.models import Distribution, Document
from sessions.demo import sessions_demo_load
from sessions.models import AgendaItem, NoteVerbale, Session
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")

Part = Session.Part


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def sessions(staff):
    return sessions_demo_load(staff)


def _rows():
    return {
        "sessions": set(Session.objects.values_list("pk", "provisional_agenda_id", "parallel_with_id")),
        "items": set(AgendaItem.objects.values_list("pk", "title_en")),
        "documents": set(Document.objects.values_list("pk", "symbol", "status", "issued_on")),
        "considered": set(AgendaItem.documents.through.objects.values_list("agendaitem_id", "document_id")),
        "notes": set(NoteVerbale.objects.values_list("pk", "year", "number", "status")),
    }


def test_a_second_run_creates_and_changes_nothing(sessions, staff):
    before = _rows()
    assert len(before["sessions"]) == 8 and before["items"] and len(before["documents"]) == 7
    again = sessions_demo_load(staff)
    assert _rows() == before
    assert {key: s.pk for key, s in again.items()} == {key: s.pk for key, s in sessions.items()}


def test_the_keys_the_rest_of_the_demo_uses(sessions):
    for key in [
        ("irg", 2, Part.REGULAR),
        ("irg", 2, Part.RESUMED),
        ("irg", 2, Part.CONTINUED_RESUMED),
        ("irg", 7, Part.REGULAR),
        ("irg", 11, Part.FIRST_RESUMED),
        ("cop", 10, Part.REGULAR),
        ("cop", 9, Part.REGULAR),
    ]:
        session = sessions[key]
        assert (session.body.code, session.number, session.part) == key
    assert sessions[("irg", 7, "regular")] == sessions[("irg", 7, Part.REGULAR)]


def test_the_seed_000_session(sessions):
    continued = sessions[("irg", 2, Part.CONTINUED_RESUMED)]
    continued.refresh_from_db()
    assert continued.title("en") == "Continued resumed second session of the Implementation Review Group"
    assert continued.room_en == "Plenary II – Toubkal"
    assert continued.venue_en == "Palmeraie Golf Palace Complex"
    assert continued.opens_at == datetime.time(10, 0)
    assert continued.country.code == "MAR"
    assert (continued.starts_on, continued.ends_on) == (datetime.date(2011, 10, 25), datetime.date(2011, 10, 25))
    cosp4 = continued.parallel_with
    assert (cosp4.body.code, cosp4.number, cosp4.part) == ("cosp", 4, Part.REGULAR)
    assert (cosp4.starts_on, cosp4.ends_on) == (datetime.date(2011, 10, 24), datetime.date(2011, 10, 28))
    assert (continued.city_en, continued.city_ar, continued.city_ru) == ("Marrakech", "مراكش", "Марракеш")


def test_vienna_sessions_in_six_languages(sessions):
    cop9 = sessions[("cop", 9, Part.REGULAR)]
    assert (cop9.starts_on, cop9.ends_on) == (datetime.date(2018, 10, 15), datetime.date(2018, 10, 19))
    assert cop9.country.code == "AUT"
    assert (cop9.city_fr, cop9.city_zh_hans, cop9.city_es) == ("Vienne", "维也纳", "Viena")
    assert (cop9.venue_en, cop9.venue_fr) == ("Vienna International Centre", "Centre international de Vienne")


def test_cop_9_item_2_a_considers_the_three_wg9_reports(sessions):
    cop9 = sessions[("cop", 9, Part.REGULAR)]
    item = AgendaItem.objects.get(session=cop9, number=2, letter="a")
    assert item.title_en == "United Nations Convention against Transnational Organized Crime"
    assert AgendaItem.objects.get(session=cop9, number=2, letter="").title_en == (
        "Review of the implementation of the United Nations Convention against Transnational Organized Crime "
        "and the Protocols thereto"
    )
    symbols = set(item.documents.values_list("symbol", flat=True))
    assert {"CTOC/COP/WG.9/2017/4", "CTOC/COP/WG.9/2017/6", "CTOC/COP/WG.9/2018/2"} <= symbols
    assert "CTOC/COP/2018/3" in symbols
    reports = Document.objects.filter(symbol__startswith="CTOC/COP/WG.9/")
    assert {d.body.code for d in reports} == {"cop-wg"}


def test_the_provisional_agendas(sessions):
    cop9 = sessions[("cop", 9, Part.REGULAR)]
    cop9.refresh_from_db()
    assert cop9.provisional_agenda.symbol == "CTOC/COP/2018/1"
    assert cop9.provisional_agenda.body.code == "cop"
    irg11 = sessions[("irg", 11, Part.FIRST_RESUMED)]
    irg11.refresh_from_db()
    assert irg11.provisional_agenda.symbol == "CAC/COSP/IRG/2020/1"
    assert AgendaItem.objects.get(session=irg11, number=1, letter="b").title_en == (
        "Adoption of the agenda and organization of work"
    )


def test_documents_are_issued_public_and_without_files(sessions):
    documents = Document.objects.all()
    assert documents.count() == Document.objects.public().count() == 7
    today = datetime.date.today()
    for document in documents:
        assert document.distribution == Distribution.GENERAL and document.issued_on < today
        assert document.title_en and not document.files.exists()
    note = Document.objects.get(symbol="CTOC/COP/2018/3")
    assert note.issued_on == datetime.date(2018, 5, 24)
    assert note.title_en.startswith("Reports on the meetings for the purpose of defining the specific procedures")
    crp = Document.objects.get(symbol="CAC/COSP/IRG/2020/CRP.14")
    assert crp.kind == "CRP" and crp.title_en == "Programme of the briefing for non-governmental organizations"


def test_the_irg_agendas_follow_the_usual_shape(sessions):
    for key in [("irg", 2, Part.REGULAR), ("irg", 11, Part.FIRST_RESUMED)]:
        titles = list(AgendaItem.objects.filter(session=sessions[key], letter="").values_list("title_en", flat=True))
        assert titles[:2] == [
            "Organizational matters",
            "Review of implementation of the United Nations Convention against Corruption",
        ]
        assert {"Technical assistance", "Financial and budgetary matters", "Other matters"} <= set(titles)
        assert titles[-1].startswith("Adoption of the report")
        assert titles[-2].startswith("Provisional agenda for the")


def test_only_the_secretariat_loads_the_demo():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        sessions_demo_load(UserFactory())
    assert not Session.objects.exists()


def test_the_seed_000_note_verbale_is_in_the_demo_and_sent(sessions):
    from documents.models import Rendition

    note = NoteVerbale.objects.get(year=2011, number=167)
    assert note.session == sessions[("irg", 2, Part.CONTINUED_RESUMED)] and note.status == NoteVerbale.Status.SENT
    assert Rendition.objects.for_document(note).count() == 6
