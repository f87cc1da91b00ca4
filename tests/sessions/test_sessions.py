"""Sessions and their parts, and their agendas: the service rules and the titles made from data."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reference.models import Body
from sessions.models import AgendaItem, Session
from sessions.services import agenda_item_delete, agenda_item_save, session_save
from tests.factories import UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

D = datetime.date


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


def irg():
    return Body.objects.get(code="irg")


def save(staff, **overrides):
    values = {
        "actor": staff,
        "body": irg(),
        "number": 2,
        "part": Session.Part.REGULAR,
        "starts_on": D(2011, 5, 30),
        "ends_on": D(2011, 6, 3),
        "city": {"en": "Vienna", "fr": "Vienne", "ru": "Вена"},
        "venue": "Vienna International Centre",
    }
    return session_save(**{**values, **overrides})


@pytest.fixture
def seed_000(staff):
    """Seed 000: the second session of the IRG, resumed, then continued in Marrakech in parallel
    with the fourth session of the Conference."""
    regular = save(staff)
    resumed = save(staff, part=Session.Part.RESUMED, starts_on=D(2011, 9, 7), ends_on=D(2011, 9, 9))
    cosp4 = save(
        staff,
        body=Body.objects.get(code="cosp"),
        number=4,
        starts_on=D(2011, 10, 24),
        ends_on=D(2011, 10, 28),
        city={"en": "Marrakech", "fr": "Marrakech", "ar": "مراكش"},
        country=state("MAR"),
    )
    continued = save(
        staff,
        part=Session.Part.CONTINUED_RESUMED,
        starts_on=D(2011, 10, 25),
        ends_on=D(2011, 10, 25),
        city={"en": "Marrakech", "ar": "مراكش"},
        venue={"en": "Palmeraie Golf Palace Complex"},
        room={"en": "Plenary II – Toubkal"},
        country=state("MAR"),
        opens_at=datetime.time(10, 0),
        parallel_with=cosp4,
    )
    return regular, resumed, continued, cosp4


def test_the_seed_000_session_is_titled_from_its_data_in_six_languages(seed_000):
    continued = seed_000[2]
    assert continued.title("en") == "Continued resumed second session of the Implementation Review Group"
    assert continued.title("ru") == "Продолжение возобновленной второй сессии Группы по обзору хода осуществления"
    assert continued.title("zh-hans") == "实施情况审议组第二届会议续会的继续会议"
    assert continued.title("fr").startswith("Suite de la reprise de la deuxième session du Groupe d")
    assert continued.title("ar").endswith("لفريق استعراض التنفيذ")
    assert "segundo período de sesiones del Grupo de Examen de la Aplicación" in continued.title("es")
    assert seed_000[1].title("fr") == "Reprise de la deuxième session du Groupe d'examen de l'application"
    assert continued.parallel_with == seed_000[3] and continued.room_en == "Plenary II – Toubkal"


def test_city_and_venue_are_translatable_with_the_english_fallback(seed_000):
    from django.utils import translation

    continued = seed_000[2]
    with translation.override("ar"):
        assert continued.place == "مراكش، المغرب"
    with translation.override("fr"):
        assert continued.place.startswith("Marrakech")  # fr missing: English, shown as such by the pages


def test_a_part_recorded_twice_is_refused(seed_000, staff):
    with pytest.raises(ValidationError) as caught:
        save(staff, part=Session.Part.RESUMED, starts_on=D(2011, 12, 1), ends_on=D(2011, 12, 2))
    assert "already recorded" in caught.value.message_dict["part"][0]


def test_an_overlapping_part_is_refused_and_nothing_changes(seed_000, staff):
    with pytest.raises(ValidationError) as caught:
        save(staff, part=Session.Part.SECOND_RESUMED, starts_on=D(2011, 9, 8), ends_on=D(2011, 9, 12))
    assert "overlap" in caught.value.message_dict["starts_on"][0]
    assert Session.objects.filter(body=irg(), number=2).count() == 3


def test_a_resumed_part_comes_after_the_session(staff):
    save(staff)
    with pytest.raises(ValidationError) as caught:
        save(staff, part=Session.Part.RESUMED, starts_on=D(2011, 5, 1), ends_on=D(2011, 5, 2))
    assert "after the session it resumes" in caught.value.message_dict["starts_on"][0]


def test_dates_in_the_wrong_order_are_refused(staff):
    with pytest.raises(ValidationError) as caught:
        save(staff, starts_on=D(2011, 6, 3), ends_on=D(2011, 5, 30))
    assert "ends_on" in caught.value.message_dict


def test_a_parallel_session_shares_a_day_and_belongs_to_another_body(seed_000, staff):
    regular, _resumed, continued, cosp4 = seed_000
    with pytest.raises(ValidationError) as caught:
        save(staff, session=regular, parallel_with=cosp4)
    assert "share at least one day" in caught.value.message_dict["parallel_with"][0]
    with pytest.raises(ValidationError):
        save(staff, session=regular, parallel_with=continued)


def test_only_the_secretariat_prepares_sessions(reference_data):
    with pytest.raises(PermissionDenied):
        save(UserFactory(focal_point=True))
    assert not Session.objects.exists()


def test_city_is_needed_in_english(staff):
    with pytest.raises(ValidationError) as caught:
        save(staff, city={"fr": "Vienne"})
    assert "city" in caught.value.message_dict


def test_agenda_items_and_sub_items(seed_000, staff):
    session = seed_000[0]
    item = agenda_item_save(actor=staff, session=session, number=2, title={"en": "Review of implementation"})
    sub = agenda_item_save(actor=staff, session=session, number=2, letter="a", title="Drawing of lots")
    assert [i.label for i in AgendaItem.objects.filter(session=session)] == ["2", "2 (a)"]
    assert str(sub) == "2 (a). Drawing of lots"
    with pytest.raises(ValidationError) as caught:
        agenda_item_save(actor=staff, session=session, number=2, letter="a", title="Again")
    assert "already on the agenda" in caught.value.message_dict["number"][0]
    with pytest.raises(ValidationError) as caught:
        agenda_item_save(actor=staff, session=session, number=3, letter="a", title="Orphan")
    assert "before its sub-items" in caught.value.message_dict["letter"][0]
    with pytest.raises(ValidationError):
        agenda_item_delete(actor=staff, item=item)
    agenda_item_delete(actor=staff, item=sub)
    agenda_item_delete(actor=staff, item=item)
    assert not AgendaItem.objects.filter(session=session).exists()
