"""The reference data in the repository files, as loaded into the database."""

import shutil

import pytest
from django.conf import settings
from django.db.models import Count

from reference import services as reference
from reference.models import (
    Article,
    Chapter,
    Instrument,
    Mechanism,
    MechanismMembership,
    Obligation,
    Party,
    RegionalGroup,
    ReviewCycle,
    State,
)
from reference.services import ReferenceDataError, reference_data_load
from reviewmech.i18n import field_suffix

pytestmark = pytest.mark.usefixtures("reference_data")

UNCAC_CHAPTERS = {
    "I": (1, 4),
    "II": (5, 14),
    "III": (15, 42),
    "IV": (43, 50),
    "V": (51, 59),
    "VI": (60, 62),
    "VII": (63, 64),
    "VIII": (65, 71),
}


def test_uncac_has_71_articles_in_8_chapters():
    uncac = Instrument.objects.get(code="uncac")
    chapters = list(Chapter.objects.filter(instrument=uncac).annotate(n=Count("articles")).order_by("order"))
    assert [c.number for c in chapters] == list(UNCAC_CHAPTERS)
    for chapter in chapters:
        first, last = UNCAC_CHAPTERS[chapter.number]
        numbers = sorted(chapter.articles.values_list("number", flat=True))
        assert numbers == list(range(first, last + 1)), chapter.number
    assert Article.objects.filter(instrument=uncac).count() == 71
    assert Article.objects.get(instrument=uncac, number=15).title_en == "Bribery of national public officials"
    assert Article.objects.get(instrument=uncac, number=15).obligation == Obligation.MANDATORY


@pytest.mark.parametrize(("code", "count"), [("untoc", 41), ("tip", 20), ("som", 25), ("fir", 21)])
def test_untoc_and_protocols_have_their_articles(code, count):
    instrument = Instrument.objects.get(code=code)
    assert list(instrument.articles.order_by("number").values_list("number", flat=True)) == list(range(1, count + 1))
    if code != "untoc":
        assert instrument.parent.code == "untoc"


def test_five_regional_groups():
    assert set(RegionalGroup.objects.values_list("code", flat=True)) == {
        "african",
        "asia_pacific",
        "eastern_european",
        "grulac",
        "weog",
    }


def test_every_un_member_has_a_group_and_others_are_explicit():
    assert State.objects.filter(kind=State.Kind.MEMBER).count() == 193
    assert not State.objects.filter(kind=State.Kind.MEMBER, regional_group=None).exists()
    assert State.objects.get(code="EUU").kind == State.Kind.REIO
    assert State.objects.get(code="PSE").regional_group is None


def test_every_party_is_in_exactly_one_regional_group_per_mechanism():
    for mechanism in Mechanism.objects.prefetch_related("instruments"):
        party_states = set(
            Party.objects.filter(instrument__in=mechanism.instruments.all()).values_list("state_id", flat=True)
        )
        memberships = list(MechanismMembership.objects.filter(mechanism=mechanism).values_list("state_id", flat=True))
        assert len(memberships) == len(set(memberships)), "a State in two groups"
        assert set(memberships) == party_states, mechanism.code


def test_parties_include_non_members_and_the_european_union():
    uncac = Party.objects.filter(instrument__code="uncac")
    assert uncac.count() >= 185
    assert uncac.filter(state__code="EUU").exists()
    assert uncac.filter(state__code="PSE").exists()
    membership = MechanismMembership.objects.get(mechanism__code="irm", state__code="PSE")
    assert membership.regional_group.code == "asia_pacific"


@pytest.mark.parametrize("model", [State, RegionalGroup, Instrument, Chapter, Mechanism])
def test_names_present_in_six_languages(model):
    field = {"State": "name", "RegionalGroup": "name", "Mechanism": "name"}.get(model.__name__, "title")
    for obj in model.objects.all():
        for code, _name in settings.LANGUAGES:
            assert getattr(obj, f"{field}_{field_suffix(code)}"), f"{obj.pk} has no {field} in {code}"


def test_cycles_cover_the_right_chapters():
    cycles = {c.number: c for c in ReviewCycle.objects.filter(mechanism__code="irm")}
    assert {ch.number for ch in cycles[1].chapters.all()} == {"III", "IV"}
    assert {ch.number for ch in cycles[2].chapters.all()} == {"II", "V"}
    assert cycles[1].start_year == 2010
    assert cycles[2].start_year == 2015  # launched in November 2015 by resolution 6/1 (issue 15)
    untoc_phases = ReviewCycle.objects.filter(mechanism__code="untoc-rm")
    assert untoc_phases.count() == 4
    assert all(phase.clusters.count() == 1 for phase in untoc_phases)


def test_no_article_in_two_clusters():
    per_article = Article.objects.filter(clusters__mechanism__code="untoc-rm").annotate(n=Count("clusters"))
    assert per_article.exists()
    assert not per_article.filter(n__gt=1).exists()


def test_loading_again_changes_nothing():
    report = reference_data_load()
    assert report.created == {} and report.updated == {}


def test_admin_edits_survive_a_reload_unless_update_is_asked():
    france = State.objects.get(code="FRA")
    france.name_fr = "République française"
    france.save(update_fields=["name_fr"])
    reference_data_load()
    france.refresh_from_db()
    assert france.name_fr == "République française"

    report = reference_data_load(update=True)
    france.refresh_from_db()
    assert france.name_fr == "France"
    assert report.updated == {"state": 1}


def test_an_unknown_code_is_a_clear_error(monkeypatch, tmp_path):
    shutil.copy(reference.DATA_DIR / "bodies.yaml", tmp_path)
    (tmp_path / "regional_groups.yaml").write_text(
        "- {code: weog, order: 5, abbreviation: WEOG, name: {en: Group of Western European and Other States}}\n"
    )
    (tmp_path / "states.yaml").write_text(
        "- {code: XXX, iso2: XX, kind: member, regional_group: nowhere, name: {en: Nowhere}}\n"
    )
    monkeypatch.setattr(reference, "DATA_DIR", tmp_path)
    with pytest.raises(ReferenceDataError, match="unknown regional group nowhere"):
        reference_data_load()
    assert not State.objects.filter(code="XXX").exists()
