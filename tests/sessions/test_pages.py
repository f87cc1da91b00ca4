"""The sessions' pages: the public calendar and its iCalendar feed, a session's page with its
agenda and documents (only those a person may see), the secretariat's forms, bounded queries."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from documents.models import Distribution
from documents.services.registry import document_issue, document_register
from reference.models import Body
from sessions.models import AgendaItem, Session
from sessions.services import agenda_document_add, agenda_item_save, session_save
from tests.factories import UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

D = datetime.date


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def cop9(staff):
    """Seed 001: the ninth session of the Conference of the Parties, with item 2 (a) and the
    reports on the meetings of working group 9 (one still a draft, one Limited)."""
    session = session_save(
        actor=staff,
        body=Body.objects.get(code="cop"),
        number=9,
        part=Session.Part.REGULAR,
        starts_on=D(2018, 10, 15),
        ends_on=D(2018, 10, 19),
        city={"en": "Vienna", "fr": "Vienne", "ar": "فيينا"},
        venue={"en": "Vienna International Centre"},
        country=state("AUT"),
    )
    agenda_item_save(actor=staff, session=session, number=2, title="Review of the implementation of the Convention")
    item = agenda_item_save(
        actor=staff,
        session=session,
        number=2,
        letter="a",
        title={"en": "United Nations Convention against Transnational Organized Crime"},
    )
    for symbol, issue, distribution in (
        ("CTOC/COP/WG.9/2017/4", True, Distribution.GENERAL),
        ("CTOC/COP/WG.9/2017/6", True, Distribution.LIMITED),
        ("CTOC/COP/WG.9/2018/2", False, Distribution.GENERAL),
    ):
        document = document_register(
            actor=staff, symbol=symbol, title=f"Report on the meeting ({symbol})", distribution=distribution
        )
        if issue:
            document_issue(document=document, actor=staff, on=D(2018, 5, 24))
        agenda_document_add(actor=staff, item=item, document=document)
    return session


def test_the_calendar_and_a_session_page_are_public(client, cop9):
    calendar = client.get(reverse("sessions:calendar")).content.decode()
    assert "Ninth session of the Conference of the Parties" in calendar
    page = client.get(reverse("sessions:session", args=[cop9.pk])).content.decode()
    assert "2 (a)." in page and "CTOC/COP/WG.9/2017/4" in page
    # The Limited report and the draft are the secretariat's.
    assert "CTOC/COP/WG.9/2017/6" not in page and "CTOC/COP/WG.9/2018/2" not in page
    assert "Add an agenda item" not in page


def test_the_secretariat_sees_every_document_and_the_forms(client, staff, cop9):
    client.force_login(staff)
    page = client.get(reverse("sessions:session", args=[cop9.pk])).content.decode()
    assert all(s in page for s in ("CTOC/COP/WG.9/2017/6", "CTOC/COP/WG.9/2018/2", "Add an agenda item"))


def test_the_title_is_in_the_language_of_the_page(client, cop9):
    url = reverse("sessions:session", args=[cop9.pk])
    arabic = client.get(url.replace("/en/", "/ar/")).content.decode()
    assert "الدورة التاسعة لمؤتمر الأطراف" in arabic and 'dir="rtl"' in arabic
    french = client.get(url.replace("/en/", "/fr/")).content.decode()
    assert "Neuvième session de la Conférence des Parties" in french and "Vienne" in french


def test_the_feed_lists_every_session_in_the_pages_language(client, cop9):
    response = client.get(reverse("sessions:feed").replace("/en/", "/fr/"))
    assert response["Content-Type"].startswith("text/calendar")
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]).startswith("Neuvième session de la Conférence des Parties")
    assert event.decoded("dtstart") == D(2018, 10, 15) and event.decoded("dtend") == D(2018, 10, 20)
    assert str(event["uid"]) == f"session-{cop9.pk}@reviewmech"
    assert str(event["url"]).endswith(f"/fr/sessions/{cop9.pk}/")


def test_the_drawing_of_lots_held_at_a_session_is_on_its_page(client, staff, cop9):
    from reviews.services.lots import lots_draw_years
    from tests.factories import cycle

    irg = session_save(
        actor=staff,
        body=Body.objects.get(code="irg"),
        number=7,
        part=Session.Part.REGULAR,
        starts_on=D(2016, 6, 20),
        ends_on=D(2016, 6, 24),
        city="Vienna",
    )
    lots_draw_years(cycle=cycle("irm", 2), actor=staff, seed="session-page", session=irg)
    page = client.get(reverse("sessions:session", args=[irg.pk])).content.decode()
    assert "Drawing of lots held at this session" in page and "Country pairings" not in page
    client.force_login(staff)
    assert "Country pairings" in client.get(reverse("sessions:session", args=[irg.pk])).content.decode()
    assert "Drawing of lots" not in client.get(reverse("sessions:session", args=[cop9.pk])).content.decode()


@pytest.mark.parametrize("who", ["anonymous", "focal", "expert"])
def test_only_the_secretariat_reaches_the_forms(client, cop9, who):
    if who != "anonymous":
        client.force_login(UserFactory(**{"focal_point" if who == "focal" else "expert": True}))
    item = AgendaItem.objects.get(session=cop9, letter="a")
    assert client.get(reverse("sessions:session_new")).status_code in (302, 404)
    assert client.get(reverse("sessions:session_edit", args=[cop9.pk])).status_code in (302, 404)
    posts = [
        (reverse("sessions:agenda_item_add", args=[cop9.pk]), {"number": 3, "title": "x"}),
        (reverse("sessions:agenda_item_delete", args=[cop9.pk, item.pk]), {}),
        (reverse("sessions:agenda_document_add", args=[cop9.pk, item.pk]), {"symbol": "CTOC/COP/WG.9/2018/2"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (302, 404)
    assert AgendaItem.objects.filter(session=cop9).count() == 2


def test_staff_add_a_part_and_an_overlapping_one_is_refused_with_nothing_lost(client, staff, cop9):
    client.force_login(staff)
    data = {
        "body": cop9.body_id,
        "number": 9,
        "part": Session.Part.RESUMED,
        "starts_on": "2018-10-18",
        "ends_on": "2018-10-22",
        "city_en": "Vienna",
        "city_fr": "Vienne",
    }
    response = client.post(reverse("sessions:session_new"), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "overlap" in html and 'value="Vienne"' in html
    data.update(starts_on="2019-03-04", ends_on="2019-03-05")
    response = client.post(reverse("sessions:session_new"), data)
    resumed = Session.objects.get(body=cop9.body, number=9, part=Session.Part.RESUMED)
    assert response.status_code == 302 and response["Location"].endswith(f"/sessions/{resumed.pk}/")
    assert resumed.city_fr == "Vienne" and resumed.title("en").startswith("Resumed ninth session")


def test_staff_list_documents_under_an_item_and_an_unknown_symbol_is_said(client, staff, cop9):
    client.force_login(staff)
    item = AgendaItem.objects.get(session=cop9, letter="a")
    url = reverse("sessions:agenda_document_add", args=[cop9.pk, item.pk])
    response = client.post(url, {"symbol": "CTOC/COP/2018/99"})
    assert response.status_code == 422 and "No document is registered under this symbol." in response.content.decode()
    document_register(actor=staff, symbol="CTOC/COP/2018/1", title="Provisional agenda")
    assert client.post(url, {"symbol": "CTOC/COP/2018/1"}).status_code == 302
    assert item.documents.filter(symbol="CTOC/COP/2018/1").exists()


@pytest.mark.parametrize("count", [2, 20])
def test_the_session_page_costs_the_same_whatever_the_number_of_documents(
    client, staff, cop9, count, django_assert_max_num_queries
):
    item = AgendaItem.objects.get(session=cop9, letter="a")
    for number in range(1, count + 1):
        document = document_register(actor=staff, symbol=f"CTOC/COP/2018/{number}", title=f"Document {number}")
        document_issue(document=document, actor=staff, on=D(2018, 6, 1))
        agenda_document_add(actor=staff, item=item, document=document)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("sessions:session", args=[cop9.pk])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("sessions:calendar")).status_code == 200


def test_the_provisional_agenda_follows_the_documents_rule(client, staff, cop9):
    from sessions.services import session_set_provisional_agenda

    agenda = document_register(
        actor=staff,
        symbol="CTOC/COP/2018/L.1",
        title="Provisional agenda (limited)",
        distribution=Distribution.LIMITED,
        concerned_states=[state("KEN")],
    )
    document_issue(document=agenda, actor=staff, on=D(2018, 7, 1))
    session_set_provisional_agenda(actor=staff, session=cop9, document=agenda)
    url = reverse("sessions:session", args=[cop9.pk])
    assert "CTOC/COP/2018/L.1" not in client.get(url).content.decode()
    client.force_login(UserFactory(focal_point=True))  # of Kenya, which the document concerns
    assert "CTOC/COP/2018/L.1" in client.get(url).content.decode()
