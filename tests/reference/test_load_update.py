"""``load_reference_data --update`` brings a database loaded from older files in line, in place;
``--dry-run`` says what it would change and changes nothing; a party a review stands on stays."""

import datetime
import io
import shutil

import pytest
from django.core.management import call_command
from django.db.models import Count

from reference import services as reference
from reference.models import (
    Article,
    Instrument,
    Mechanism,
    MechanismMembership,
    Party,
    RegionalGroup,
    ReviewCycle,
    State,
)
from reference.services import LoadReport, ReferenceDataError, reference_data_load
from tests.factories import CountryReviewFactory, cycle

pytestmark = pytest.mark.usefixtures("reference_data")


def _party(state, instrument):
    return Party.objects.filter(state__code=state, instrument__code=instrument)


def _older_state():
    """The database as an older version of the files left it: Kenya's party entry without date
    or act, Bhutan not yet a party to UNTOC, Australia and the DPRK listed where the files no
    longer list them (the DPRK with a regional group for the IRM), an article title as it was."""
    _party("KEN", "uncac").update(since=None, act="")
    _party("BTN", "untoc").delete()
    Party.objects.create(state=State.objects.get(code="AUS"), instrument=Instrument.objects.get(code="fir"))
    Party.objects.create(state=State.objects.get(code="PRK"), instrument=Instrument.objects.get(code="uncac"))
    MechanismMembership.objects.create(
        mechanism=Mechanism.objects.get(code="irm"),
        state=State.objects.get(code="PRK"),
        regional_group=RegionalGroup.objects.get(code="asia_pacific"),
    )
    Article.objects.filter(instrument__code="uncac", number=18).update(title_ru="Торговля влиянием")
    ReviewCycle.objects.filter(mechanism__code="irm", number=2).update(start_year=2016)


def _snapshot():
    return (
        sorted(Party.objects.values_list("state__code", "instrument__code", "since", "act")),
        sorted(MechanismMembership.objects.values_list("mechanism__code", "state__code")),
        Article.objects.get(instrument__code="uncac", number=18).title_ru,
        ReviewCycle.objects.get(mechanism__code="irm", number=2).start_year,
    )


EXPECTED_CHANGES = [
    '~ article uncac 18: title_ru "Торговля влиянием" → "Злоупотребление влиянием в корыстных целях"',
    "~ party KEN uncac: since None → 2003-12-09, act '' → ratification",
    "+ party BTN untoc 2023-02-20 accession",
    "- party PRK uncac",
    "- party AUS fir",
    "~ reviewcycle irm 2: start_year 2016 → 2015",
    "- mechanismmembership PRK irm",
]


def test_update_on_a_current_database_changes_nothing():
    report = reference_data_load(update=True)
    assert report.changes == [] and report.kept == []
    assert str(report) == "nothing to do"


def test_update_brings_an_older_database_in_line_in_place():
    _older_state()
    kenya = _party("KEN", "uncac").get()
    report = reference_data_load(update=True)

    assert report.changes == EXPECTED_CHANGES
    assert report.created == {"party": 1}
    assert report.updated == {"article": 1, "party": 1, "reviewcycle": 1}
    assert report.removed == {"party": 2, "mechanismmembership": 1}
    updated = _party("KEN", "uncac").get()
    assert updated.pk == kenya.pk, "updated in place, not replaced"
    assert (updated.since, updated.act) == (datetime.date(2003, 12, 9), Party.Act.RATIFICATION)
    assert _party("BTN", "untoc").get().since == datetime.date(2023, 2, 20)
    assert not _party("AUS", "fir").exists() and _party("AUS", "untoc").exists()
    assert not MechanismMembership.objects.filter(state__code="PRK", mechanism__code="irm").exists()
    assert not Party.objects.values("state", "instrument").annotate(n=Count("id")).filter(n__gt=1).exists()
    files = reference.party_sections(reference.read_data_file(reference.DATA_DIR / "parties.yaml"))
    assert Party.objects.count() == sum(len(section["parties"]) for section in files.values())
    assert reference_data_load(update=True).changes == []


def test_a_plain_load_adds_but_neither_updates_nor_removes():
    _older_state()
    report = reference_data_load()
    assert report.changes == ["+ party BTN untoc 2023-02-20 accession"]
    assert _party("KEN", "uncac").get().since is None
    assert _party("AUS", "fir").exists()


def test_dry_run_prints_the_changes_and_saves_nothing():
    _older_state()
    before = _snapshot()
    out = io.StringIO()
    call_command("load_reference_data", "--dry-run", stdout=out)

    assert _snapshot() == before
    lines = out.getvalue().splitlines()
    assert lines[: len(EXPECTED_CHANGES)] == EXPECTED_CHANGES
    assert lines[-1].startswith("Reference data (dry run, nothing saved): ")
    assert "party: 2 removed" in lines[-1]


def test_the_command_prints_only_a_summary_without_dry_run():
    _older_state()
    out = io.StringIO()
    call_command("load_reference_data", "--update", stdout=out)
    assert out.getvalue().splitlines() == [
        "Reference data: party: 1 created; article: 1 updated; party: 1 updated; reviewcycle: 1 updated; "
        "mechanismmembership: 1 removed; party: 2 removed"
    ]


def test_a_party_a_review_stands_on_is_kept_and_reported():
    _older_state()
    CountryReviewFactory(
        cycle=cycle("untoc-rm", 1), state=State.objects.get(code="AUS"), instrument=Instrument.objects.get(code="fir")
    )
    out = io.StringIO()
    call_command("load_reference_data", "--update", stdout=out)

    assert _party("AUS", "fir").exists()
    assert not _party("PRK", "uncac").exists()
    assert "! party AUS fir: no longer in the file, kept because a country review stands on it" in out.getvalue()


def test_a_review_of_the_state_under_another_instrument_does_not_keep_the_party():
    _older_state()
    CountryReviewFactory(state=State.objects.get(code="AUS"), instrument=Instrument.objects.get(code="uncac"))
    report = reference_data_load(update=True)
    assert not _party("AUS", "fir").exists()
    assert report.kept == []


def test_parties_load_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    """However many parties are created, updated or removed (no query per party)."""
    states = {state.code: state for state in State.objects.all()}
    instruments = {instrument.code: instrument for instrument in Instrument.objects.all()}
    Party.objects.filter(instrument__code__in=["uncac", "untoc"]).delete()
    Party.objects.filter(instrument__code="tip").update(since=None, act="")
    stale = [Party(state=states[code], instrument=instruments["fir"]) for code in ["AUS", "MCO", "PRK", "ERI", "SMR"]]
    Party.objects.bulk_create(stale)
    files = reference.party_sections(reference.read_data_file(reference.DATA_DIR / "parties.yaml"))
    report = LoadReport()
    with django_assert_max_num_queries(20):
        reference._load_parties(states, instruments, report, update=True)
    assert report.created["party"] == len(files["uncac"]["parties"]) + len(files["untoc"]["parties"])
    dated_or_acted = [row for row in files["tip"]["parties"] if row["since"] or row["act"]]
    assert report.updated["party"] == len(dated_or_acted)
    assert report.removed == {"party": 5}


def test_a_source_not_declared_is_a_clear_error(monkeypatch, tmp_path):
    for path in reference.DATA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    parties = tmp_path / "parties.yaml"
    parties.write_text(
        parties.read_text(encoding="utf-8").replace(
            "{state: KEN, since: 2003-12-09, act: ratification, sources: [untc_2013]}",
            "{state: KEN, since: 2003-12-09, act: ratification, sources: [untc_2031]}",
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(reference, "DATA_DIR", tmp_path)
    with pytest.raises(ReferenceDataError, match=r"parties of uncac, KEN: undeclared sources \['untc_2031'\]"):
        reference_data_load(update=True)


def test_an_unknown_act_is_a_clear_error():
    section = {"sources": {}, "counts": [], "parties": [{"state": "KEN", "since": None, "act": "adhesion"}]}
    with pytest.raises(ReferenceDataError, match="unknown act adhesion"):
        reference.party_sections({"uncac": section})
