"""Seed 003 reproduced from data: the ninth briefing, its facts, and its summary published as a
PDF in the languages it is written in ("English only" as the seed says), compared with the seed
with pdftotext; a translated summary in French and in Arabic (right to left)."""

from pathlib import Path

import pytest

from documents.models import Rendition
from ngo_briefings.demo import SUMMARY_FILE, _briefing_9
from ngo_briefings.models import Briefing
from ngo_briefings.services import summary_save
from sessions.demo import sessions_demo_load
from tests.factories import UserFactory
from tests.pdftools import needs_poppler, pdf_fonts, pdf_text

pytestmark = pytest.mark.usefixtures("reference_data")

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "003_3d7f56fe59a31997.txt"
SEED_TEXT = " ".join(SEED.read_text(encoding="utf-8").split()) if SEED.exists() else ""


@pytest.fixture
def briefing_9(django_capture_on_commit_callbacks):
    staff = UserFactory(secretariat=True)
    sessions_demo_load(staff)
    with django_capture_on_commit_callbacks(execute=True):
        briefing = _briefing_9(staff)
    return briefing, staff


def rendered(briefing, language, tmp_path) -> str:
    rendition = Rendition.objects.for_document(briefing).get(language=language, variant="final")
    assert rendition.status == Rendition.Status.DONE, rendition.error
    path = tmp_path / f"{language}.pdf"
    with rendition.file.open("rb") as handle:
        path.write_bytes(handle.read())
    return path


def test_the_ninth_briefing_is_recorded_from_the_seeds_facts(briefing_9):
    briefing, _staff = briefing_9
    assert briefing.number == 9 and str(briefing.held_on) == "2020-09-01"
    assert briefing.session.title("en") == "First resumed eleventh session of the Implementation Review Group"
    assert briefing.chair_name == "Germán Andrés Calderón Velásquez" and briefing.chair_state.code == "COL"
    assert briefing.programme.symbol == "CAC/COSP/IRG/2020/CRP.14"
    assert briefing.presentations.count() == 3 and briefing.questions.count() == 8
    assert briefing.summary_languages == ["en"] and briefing.summary_published


@needs_poppler
def test_the_summary_pdf_says_what_the_seed_says(briefing_9, tmp_path):
    briefing, _staff = briefing_9
    # Published in the one language it is written in.
    assert list(Rendition.objects.for_document(briefing).values_list("language", flat=True)) == ["en"]
    text = " ".join(pdf_text(rendered(briefing, "en", tmp_path)).split())
    for fact in (
        "1 February 2022",
        "English only",
        "Implementation Review Group",
        "Briefing for non-governmental organizations in accordance with resolution 4/6",
        "The ninth briefing for non-governmental organizations was held in the margins of the first resumed "
        "eleventh session of the Group on 1 September 2020",
        "Germán Andrés Calderón Velásquez (Colombia)",
        "CAC/COSP/IRG/2020/CRP.14",
        "CAC/COSP/IRG/2020/3/Rev.1",
    ):
        assert fact in text, fact
        if SEED_TEXT:
            assert fact in SEED_TEXT, fact
    assert "First resumed eleventh session" in text and "Vienna" in text
    # The fifteen paragraphs of the seed, numbered as in the seed.
    paragraphs = SUMMARY_FILE.read_text(encoding="utf-8").split("\n\n")
    assert len(paragraphs) == 15
    for number, paragraph in enumerate(paragraphs, start=1):
        assert f"{number}. {paragraph[:60]}" in text, number
        if SEED_TEXT:
            assert f"{number}. {paragraph[:60]}" in SEED_TEXT, number


@needs_poppler
def test_a_translated_summary_is_published_in_its_languages_right_to_left_in_arabic(
    briefing_9, tmp_path, django_capture_on_commit_callbacks
):
    briefing, staff = briefing_9
    with django_capture_on_commit_callbacks(execute=True):
        summary_save(
            actor=staff,
            briefing=briefing,
            summary={
                "fr": "La neuvième réunion d'information a eu lieu le 1er septembre 2020.\n\nElle était présidée par "
                "Germán Andrés Calderón Velásquez (Colombie).",
                "ar": "عُقدت الإحاطة الإعلامية التاسعة في 1 أيلول/سبتمبر 2020.",
            },
        )
    briefing = Briefing.objects.get(pk=briefing.pk)
    assert briefing.summary_languages == ["ar", "en", "fr"]
    assert sorted(Rendition.objects.for_document(briefing).values_list("language", flat=True)) == ["ar", "en", "fr"]
    french = " ".join(pdf_text(rendered(briefing, "fr", tmp_path)).split())
    assert "Résumé" in french and "1. La neuvième réunion d'information" in french
    assert "Publié en arabe, anglais, français uniquement" in french
    arabic_path = rendered(briefing, "ar", tmp_path)
    assert "الإحاطة الإعلامية التاسعة" in pdf_text(arabic_path)
    assert "Noto-Naskh-Arabic" in pdf_fonts(arabic_path)
