"""The reference-data files say how each value was checked (issue 15): a value confirmed by a
source cites it, one that no source confirmed says so, never both; the totals that sources give
for a day hold for the parties loaded."""

import datetime

import pytest

from reference.models import Party
from reference.services import DATA_DIR, party_sections, read_data_file

pytestmark = pytest.mark.usefixtures("reference_data")

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh_hans")
PROTOCOLS = ("tip", "som", "fir")

PARTIES = party_sections(read_data_file(DATA_DIR / "parties.yaml"))
INSTRUMENTS = read_data_file(DATA_DIR / "instruments.yaml")
MECHANISMS = read_data_file(DATA_DIR / "mechanisms.yaml")


def _headings():
    """(label, row) of every chapter and article of every instrument."""
    for instrument in INSTRUMENTS["instruments"]:
        for chapter in instrument.get("chapters") or []:
            yield f"{instrument['code']} chapter {chapter['number']}", chapter
            for article in chapter["articles"]:
                yield f"{instrument['code']} art. {article['number']}", article
        for article in instrument.get("articles") or []:
            yield f"{instrument['code']} art. {article['number']}", article


def _mechanism_records():
    """(label, row) of every mechanism, cluster and cycle."""
    for mechanism in MECHANISMS["mechanisms"]:
        yield mechanism["code"], mechanism
        for cluster in mechanism.get("clusters") or []:
            yield f"{mechanism['code']} cluster {cluster['number']}", cluster
        for cycle in mechanism.get("cycles") or []:
            yield f"{mechanism['code']} cycle {cycle['number']}", cycle


def _declared(registry, ids, where):
    for source_id in ids:
        source = registry.get(source_id)
        assert source, f"{where}: source {source_id} is not declared"
        assert source.get("title") and source.get("url"), f"{where}: source {source_id} has no title or url"


# --- Parties -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", list(PARTIES))
def test_a_party_is_checked_or_says_what_is_not(code):
    """Dates and acts that are given cite their sources; a missing one carries the reason, and
    an entry with both carries no reason (nothing is at once checked and unverified)."""
    for row in PARTIES[code]["parties"]:
        where = f"{code} {row['state']}"
        complete = row.get("since") is not None and row.get("act") is not None
        if complete:
            assert "unverified" not in row, f"{where}: checked (date and act) yet marked unverified"
        else:
            assert isinstance(row.get("unverified"), str) and row["unverified"].strip(), (
                f"{where}: no date or act, and no reason given"
            )
        if row.get("since") is not None or row.get("act") is not None:
            assert row.get("sources"), f"{where}: a date or act without a source"
        if row.get("since") is not None:
            assert isinstance(row["since"], datetime.date), f"{where}: since is not a date"


@pytest.mark.parametrize("code", list(PARTIES))
def test_every_source_cited_for_parties_is_declared(code):
    section = PARTIES[code]
    registry = section["sources"]
    for row in section["parties"]:
        _declared(registry, row.get("sources") or [], f"parties of {code}, {row['state']}")
    _declared(registry, [count["source"] for count in section["counts"]], f"counts of {code}")


COUNTS = [(code, count) for code, section in PARTIES.items() for count in section["counts"]]


@pytest.mark.parametrize(
    ("code", "count"), COUNTS, ids=[f"{code}-{count['source']}-{count['as_of']}" for code, count in COUNTS]
)
def test_the_totals_sources_give_hold(code, count):
    """As many parties dated on or before the day as the source counted that day: a party
    missing, a date wrong or a party too many shows here."""
    source = PARTIES[code]["sources"][count["source"]]
    dated = Party.objects.filter(instrument__code=code, since__lte=count["as_of"])
    in_file = sum(1 for row in PARTIES[code]["parties"] if row.get("since") and row["since"] <= count["as_of"])
    assert in_file == dated.count()
    assert dated.count() == count["parties"], (
        f"{code}: {dated.count()} parties dated on or before {count['as_of']}, but "
        f"{source['title']} ({source['url']}) counts {count['parties']}"
    )


def test_every_instrument_has_a_count_from_the_depositary_tables():
    for code, section in PARTIES.items():
        assert any(count["source"] == "untc_2013" for count in section["counts"]), code


def test_a_party_to_a_protocol_is_party_to_the_convention():
    untoc = {row["state"] for row in PARTIES["untoc"]["parties"]}
    for code in PROTOCOLS:
        outside = sorted({row["state"] for row in PARTIES[code]["parties"]} - untoc)
        assert not outside, f"parties to {code} not party to UNTOC: {outside}"
    loaded = set(Party.objects.filter(instrument__code="untoc").values_list("state__code", flat=True))
    for code in PROTOCOLS:
        states = set(Party.objects.filter(instrument__code=code).values_list("state__code", flat=True))
        assert states <= loaded, f"loaded parties to {code} not party to UNTOC: {sorted(states - loaded)}"


def test_acts_and_dates_are_loaded():
    kenya = Party.objects.get(state__code="KEN", instrument__code="uncac")
    assert (kenya.since, kenya.act) == (datetime.date(2003, 12, 9), Party.Act.RATIFICATION)
    assert Party.objects.get(state__code="EUU", instrument__code="uncac").act == Party.Act.APPROVAL
    assert Party.objects.get(state__code="MNE", instrument__code="untoc").act == Party.Act.SUCCESSION
    assert Party.objects.get(state__code="AND", instrument__code="uncac").act == ""


# --- Titles of chapters and articles -----------------------------------------------------------


def test_every_heading_says_for_each_language_whether_it_was_checked():
    registry = INSTRUMENTS["sources"]
    for label, row in _headings():
        checked = row.get("checked") or {}
        unverified = row.get("unverified") or []
        assert set(checked) <= set(LANGUAGES) and set(unverified) <= set(LANGUAGES), label
        assert not set(checked) & set(unverified), f"{label}: {sorted(set(checked) & set(unverified))} both"
        assert set(checked) | set(unverified) == set(LANGUAGES), f"{label}: a language neither checked nor not"
        for language, ids in checked.items():
            assert ids, f"{label}: {language} checked without a source"
            _declared(registry, ids, f"{label} ({language})")
            for source_id in ids:
                assert registry[source_id]["language"] == language, f"{label}: {source_id} is not in {language}"


def test_the_titles_file_keeps_its_shape_for_the_loader():
    assert isinstance(INSTRUMENTS["instruments"], list)
    assert [row["code"] for row in INSTRUMENTS["instruments"]] == ["uncac", "untoc", "tip", "som", "fir"]


# --- Mechanisms, clusters and cycles -----------------------------------------------------------

#: The fields whose check is recorded, per kind of record; a translated field once per language.
MECHANISM_FIELDS = ("name", "short_name", "established_by", "overseen_by", "reports_to", "group_assignments")
CLUSTER_FIELDS = ("title", "articles")
CYCLE_FIELDS = ("title", "start_year", "end_year", "resolution")
TRANSLATED = {"name", "short_name", "title"}


def _expand(field):
    base = field.split(".")[0]
    if base in TRANSLATED and "." not in field:
        return {f"{base}.{language}" for language in LANGUAGES}
    return {field}


def _fields_to_check(row):
    if "cycles" in row:
        fields = MECHANISM_FIELDS
    elif "start_year" in row:
        fields = CYCLE_FIELDS + tuple(name for name in ("chapters", "clusters") if row.get(name))
    else:
        fields = CLUSTER_FIELDS
    return set().union(*(_expand(field) for field in fields))


def test_every_mechanism_value_is_checked_or_says_why_not():
    registry = MECHANISMS["sources"]
    for label, row in _mechanism_records():
        checked = set().union(set(), *(_expand(field) for field in row.get("checked") or {}))
        unverified = set()
        for group in row.get("unverified") or []:
            assert group.get("why"), f"{label}: unverified without a reason"
            unverified |= set().union(*(_expand(field) for field in group["fields"]))
        assert not checked & unverified, f"{label}: {sorted(checked & unverified)} both checked and unverified"
        missing = _fields_to_check(row) - checked - unverified
        assert not missing, f"{label}: {sorted(missing)} neither checked nor marked unverified"
        for field, ids in (row.get("checked") or {}).items():
            assert ids, f"{label}: {field} checked without a source"
            _declared(registry, ids, f"{label} ({field})")


def test_the_second_uncac_cycle_starts_in_2015_as_checked():
    irm = next(row for row in MECHANISMS["mechanisms"] if row["code"] == "irm")
    second = next(cycle for cycle in irm["cycles"] if cycle["number"] == 2)
    assert second["start_year"] == 2015
    assert "start_year" in second["checked"]
