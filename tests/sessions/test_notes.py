"""Notes verbales: seed 000 (CU 2011/167) reproduced from data alone, references in sequence
per year (also under concurrency, on PostgreSQL), the PDF in six languages."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from documents.models import Rendition
from reference.models import Body, Instrument
from sessions.models import NoteTemplate, NoteVerbale, Session
from sessions.notes import check_template, note_text
from sessions.services import note_reference_suggest, note_verbale_create, note_verbale_send, session_save
from tests.concurrency import race
from tests.factories import UserFactory, state
from tests.pdftools import needs_poppler, pdf_fonts, pdf_text

pytestmark = pytest.mark.usefixtures("reference_data")

D = datetime.date
SEED = Path(__file__).resolve().parent.parent / "data" / "seed_000_note_verbale_CU_2011_167.txt"


@pytest.fixture
def staff():
    return UserFactory(secretariat=True)


@pytest.fixture
def continued(staff):
    """The sessions of seed 000, entered as the secretariat would."""
    irg, cosp = Body.objects.get(code="irg"), Body.objects.get(code="cosp")
    vienna = {"en": "Vienna", "fr": "Vienne", "es": "Viena", "ru": "Вена", "ar": "فيينا", "zh-hans": "维也纳"}
    marrakech = {
        "en": "Marrakech",
        "fr": "Marrakech",
        "es": "Marrakech",
        "ru": "Марракеш",
        "ar": "مراكش",
        "zh-hans": "马拉喀什",
    }
    common = {"actor": staff, "number": 2, "body": irg, "city": vienna}
    session_save(**common, part=Session.Part.REGULAR, starts_on=D(2011, 5, 30), ends_on=D(2011, 6, 3))
    session_save(**common, part=Session.Part.RESUMED, starts_on=D(2011, 9, 7), ends_on=D(2011, 9, 9))
    cosp4 = session_save(
        actor=staff,
        body=cosp,
        number=4,
        part=Session.Part.REGULAR,
        starts_on=D(2011, 10, 24),
        ends_on=D(2011, 10, 28),
        city=marrakech,
        country=state("MAR"),
    )
    return session_save(
        actor=staff,
        body=irg,
        number=2,
        part=Session.Part.CONTINUED_RESUMED,
        starts_on=D(2011, 10, 25),
        ends_on=D(2011, 10, 25),
        opens_at=datetime.time(10, 0),
        city=marrakech,
        country=state("MAR"),
        venue={"en": "Palmeraie Golf Palace Complex"},
        room={"en": "Plenary II – Toubkal", "fr": "Plénière II – Toubkal"},
        parallel_with=cosp4,
    )


@pytest.fixture
def note(staff, continued):
    return note_verbale_create(
        actor=staff,
        template=NoteTemplate.objects.get(code="continued-session"),
        dated_on=D(2011, 9, 21),
        session=continued,
        instrument=Instrument.objects.get(code="uncac"),
        number=167,
    )


def _seed_paragraphs():
    text = SEED.read_text(encoding="utf-8")
    body = text[text.index("The Secretary-General of the United Nations presents") : text.index("[..]")]
    return [" ".join(p.replace("**", "").split()) for p in body.split("\n\n") if p.strip()]


def test_the_seed_000_note_is_reproduced_from_data_alone(note):
    assert note.reference == "CU 2011/167"
    text = note_text(note, "en", addressee="[...]")
    assert [p.text for p in text.paragraphs] == _seed_paragraphs()
    assert [p.bold for p in text.paragraphs] == [False, False, False, False, True]
    seed = SEED.read_text(encoding="utf-8")
    assert f"Reference: {note.reference} Implementation Review Group: {text.subject.split(': ')[1]}" in seed
    assert "21 September 2011" in seed


def test_the_facts_are_written_in_each_language(note, continued):
    french = note_text(note, "fr")
    # The continued-session text exists in English only: it stays English, facts included.
    assert french.text_language == "en" and "Tuesday, 25 October 2011, at 10 a.m." in french.paragraphs[-1].text
    notification = NoteVerbale(
        year=2011,
        number=1,
        dated_on=D(2011, 9, 21),
        session=continued,
        template=NoteTemplate.objects.get(code="session-notification"),
    )
    text = note_text(notification, "fr")
    assert text.text_language == "fr"
    assert "mardi 25 octobre 2011" in text.paragraphs[1].text and "Marrakech, Maroc" in text.paragraphs[0].text
    assert text.paragraphs[0].text.startswith("Le Secrétaire général de l'Organisation des Nations Unies")


def test_a_template_with_an_unknown_placeholder_is_refused():
    from sessions.notes import TemplateError

    check_template("The {session} will be held in {place}.")
    with pytest.raises(TemplateError, match=r"\{hall\}"):
        check_template("The {session} will be held in {hall}.")


def test_references_follow_each_other_within_a_year(staff, note, continued):
    template = NoteTemplate.objects.get(code="session-notification")
    assert note_reference_suggest(2011) == "CU 2011/168"
    made = [
        note_verbale_create(
            actor=staff, template=template, dated_on=D(2011, 10, 1), session=continued, instrument=note.instrument
        )
        for _ in range(2)
    ]
    assert [n.reference for n in made] == ["CU 2011/168", "CU 2011/169"]
    first_of_2012 = note_verbale_create(
        actor=staff, template=template, dated_on=D(2012, 1, 9), instrument=note.instrument
    )
    assert first_of_2012.reference == "CU 2012/1"
    with pytest.raises(ValidationError) as caught:
        note_verbale_create(
            actor=staff, template=template, dated_on=D(2011, 5, 1), instrument=note.instrument, number=167
        )
    assert caught.value.message_dict["number"] == ["CU 2011/167 is already taken."]


def test_addressees_must_be_said(staff, continued):
    template = NoteTemplate.objects.get(code="session-notification")
    for kwargs, field in (
        ({"addressees": "parties"}, "instrument"),
        ({"addressees": "group", "instrument": Instrument.objects.get(code="uncac")}, "regional_group"),
        ({"addressees": "states"}, "states"),
    ):
        with pytest.raises(ValidationError) as caught:
            note_verbale_create(actor=staff, template=template, dated_on=D(2026, 1, 5), **kwargs)
        assert field in caught.value.message_dict
    assert not NoteVerbale.objects.exists()


def test_only_the_secretariat_writes_notes_verbales(continued):
    with pytest.raises(PermissionDenied):
        note_verbale_create(
            actor=UserFactory(focal_point=True),
            template=NoteTemplate.objects.get(code="session-notification"),
            dated_on=D(2026, 1, 5),
            instrument=Instrument.objects.get(code="uncac"),
        )


@needs_poppler
def test_sending_renders_the_note_in_six_languages(staff, note, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note_verbale_send(actor=staff, note=note, on=D(2011, 9, 21))
    renditions = {r.language: r for r in Rendition.objects.for_document(note)}
    assert sorted(renditions) == sorted(["ar", "zh-hans", "en", "fr", "ru", "es"])
    texts = {}
    for language, rendition in renditions.items():
        assert rendition.status == Rendition.Status.DONE, rendition.error
        texts[language] = re.sub(r"\s+", " ", pdf_text(Path(default_storage.path(rendition.file.name))))
        assert "CU 2011/167" in texts[language], language
    assert "Tuesday, 25 October 2011, at 10 a.m. in Plenary II – Toubkal" in texts["en"]
    assert "21 September 2011" in texts["en"]
    assert "21 septembre 2011" in texts["fr"] and "Palmeraie Golf Palace Complex" in texts["fr"]
    assert "21 сентября 2011 г." in texts["ru"]
    assert "2011年9月21日" in texts["zh-hans"]
    # Each script in its face: Arabic and Chinese never left to fontconfig's defaults.
    fonts = {language: pdf_fonts(Path(default_storage.path(r.file.name))) for language, r in renditions.items()}
    assert "Noto-Naskh-Arabic" in fonts["ar"] and "Noto-Sans-CJK-SC" in fonts["zh-hans"]
    assert all("DejaVu" not in listed and "CJK-JP" not in listed for listed in fonts.values())
    with pytest.raises(ValidationError):
        note_verbale_send(actor=staff, note=note)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_staff_creating_notes_at_once_get_two_references(postgresql, reference_data):
    staff = UserFactory(secretariat=True)
    template = NoteTemplate.objects.get(code="session-notification")
    uncac = Instrument.objects.get(code="uncac")
    results, errors = race(
        lambda: note_verbale_create(actor=staff, template=template, dated_on=D(2026, 3, 2), instrument=uncac), count=4
    )
    assert not errors, errors
    assert sorted(n.reference for n in results) == [f"CU 2026/{n}" for n in (1, 2, 3, 4)]


# --- Pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "focal", "expert", "observer"])
def test_notes_verbales_are_the_secretariats_only(client, note, who):
    from django.urls import reverse

    if who != "anonymous":
        client.force_login(
            UserFactory(**({"focal_point": True} if who == "focal" else {"expert": True} if who == "expert" else {}))
        )
    for url in (reverse("sessions:notes"), reverse("sessions:note", args=[note.pk])):
        assert client.get(url).status_code in (302, 404)
    for url in (reverse("sessions:note_send", args=[note.pk]), reverse("sessions:note_preview", args=[note.pk])):
        assert client.post(url).status_code in (302, 404)
    note.refresh_from_db()
    assert note.status == NoteVerbale.Status.DRAFT and not Rendition.objects.exists()


def test_staff_write_check_and_send_a_note(client, staff, continued):
    from unittest import mock

    from django.urls import reverse

    client.force_login(staff)
    template = NoteTemplate.objects.get(code="session-notification")
    url = reverse("sessions:notes")
    data = {"template": template.pk, "session": continued.pk, "dated_on": "2011-09-21", "addressees": "parties"}
    response = client.post(url, data)
    assert response.status_code == 422 and "Choose the instrument" in response.content.decode()
    data["instrument"] = Instrument.objects.get(code="uncac").pk
    response = client.post(url, data)
    note = NoteVerbale.objects.get()
    assert response.status_code == 302 and note.reference == "CU 2011/1"
    page = client.get(reverse("sessions:note", args=[note.pk])).content.decode()
    assert "CU 2011/1" in page and "will be held in Marrakech, Morocco, on 25 October 2011" in page
    with mock.patch("documents.tasks.render_document.delay") as delay:
        client.post(reverse("sessions:note_send", args=[note.pk]))
    note.refresh_from_db()
    assert note.status == NoteVerbale.Status.SENT
    assert Rendition.objects.for_document(note).count() == 6
    assert "Send the note verbale" not in client.get(reverse("sessions:note", args=[note.pk])).content.decode()
    assert delay.call_count == 0  # enqueued once the request's transaction commits, not before


def test_date_ranges_as_each_language_writes_them():
    from django.utils import translation

    from sessions.notes import date_range

    cases = {
        "en": ("from 7 to 9 September 2011", "from 30 May 2011 to 3 June 2011"),
        "fr": ("du 7 au 9 septembre 2011", "du 30 mai 2011 au 3 juin 2011"),
        "zh-hans": ("2011年9月7日至9日", None),
    }
    for language, (same_month, across) in cases.items():
        with translation.override(language):
            assert date_range(D(2011, 9, 7), D(2011, 9, 9), language) == same_month
            if across:
                assert date_range(D(2011, 5, 30), D(2011, 6, 3), language) == across
    with translation.override("fr"):
        assert date_range(D(2011, 6, 1), D(2011, 6, 3), "fr") == "du 1er au 3 juin 2011"
