"""Loading the reviewed reference-data files into the database.

The files in ``reference/reference_data/`` are the source of record for a fresh installation.
Loading is idempotent: a row that exists is left as the secretariat may have edited it, unless
``update=True`` asks to overwrite it from the files.

Apps above this one keep data of their own that stands on these facts (the review workflow of
each mechanism, for instance). They load it in the same transaction by connecting to
:data:`reference_data_loaded`, with the helpers here (:func:`read_data_file`,
:func:`translated_values`, :func:`upsert`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.dispatch import Signal

from .models import (
    Article,
    Body,
    Chapter,
    Cluster,
    Instrument,
    Mechanism,
    MechanismMembership,
    Party,
    RegionalGroup,
    ReviewCycle,
    State,
    TechnicalAssistanceCategory,
)

DATA_DIR = Path(__file__).resolve().parent / "reference_data"

#: Sent inside the loading transaction once the reference facts are in, with ``update`` and
#: ``report`` (a :class:`LoadReport` to count what the receiver created or updated). A
#: receiver that raises :class:`ReferenceDataError` rolls the whole load back.
reference_data_loaded = Signal()

#: Suffixes of the translated fields, in the order of ``settings.LANGUAGES``.
LANGUAGE_SUFFIXES = tuple(code.replace("-", "_") for code, _name in settings.LANGUAGES)


class ReferenceDataError(ValueError):
    """A reference-data file is inconsistent (an unknown code, a missing name...)."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool, changed: bool = True):
        bucket = self.created if created else self.updated
        if created or changed:
            bucket[kind] = bucket.get(kind, 0) + 1

    def __str__(self):
        parts = [f"{kind}: {n} created" for kind, n in sorted(self.created.items())]
        parts += [f"{kind}: {n} updated" for kind, n in sorted(self.updated.items())]
        return "; ".join(parts) or "nothing to do"


def read_data_file(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def translated_values(field_name: str, values: dict | str | None) -> dict:
    """``{"en": "x", "fr": "y"}`` → ``{"name_en": "x", "name_fr": "y"}`` for every language.

    A string is taken as English. Languages the file lacks are left empty, which the site
    shows as an English fallback with a visible badge.
    """
    if values is None:
        return {}
    if isinstance(values, str):
        values = {"en": values}
    unknown = set(values) - set(LANGUAGE_SUFFIXES)
    if unknown:
        raise ReferenceDataError(f"unknown language keys {sorted(unknown)} in {field_name}")
    if not values.get("en"):
        raise ReferenceDataError(f"{field_name} has no English text: {values!r}")
    return {f"{field_name}_{suffix}": values.get(suffix) or "" for suffix in LANGUAGE_SUFFIXES}


def upsert(model, lookup: dict, values: dict, *, update: bool, report: LoadReport):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.count(model._meta.model_name, created=True)
        return obj
    if update:
        changed = [name for name, value in values.items() if getattr(obj, _attname(model, name)) != _raw(value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
            report.count(model._meta.model_name, created=False)
    return obj


def _attname(model, name):
    return model._meta.get_field(name).attname


def _raw(value):
    return value.pk if hasattr(value, "pk") else value


def _load_bodies(report, update):
    bodies = {}
    rows = read_data_file(DATA_DIR / "bodies.yaml")
    for row in rows:
        bodies[row["code"]] = upsert(
            Body,
            {"code": row["code"]},
            {
                **translated_values("name", row["name"]),
                "name_genitive_ru": row.get("name_genitive_ru") or "",
                "abbreviation": row["abbreviation"],
                "symbol_prefix": row.get("symbol_prefix") or "",
            },
            update=update,
            report=report,
        )
    for row in rows:
        parent = row.get("parent")
        body = bodies[row["code"]]
        if parent and (body.parent_id is None or update):
            if parent not in bodies:
                raise ReferenceDataError(f"body {row['code']}: unknown parent {parent}")
            if body.parent_id != bodies[parent].pk:
                body.parent = bodies[parent]
                body.save(update_fields=["parent"])
    return bodies


def _load_groups(report, update):
    return {
        row["code"]: upsert(
            RegionalGroup,
            {"code": row["code"]},
            {**translated_values("name", row["name"]), "abbreviation": row["abbreviation"], "order": row["order"]},
            update=update,
            report=report,
        )
        for row in read_data_file(DATA_DIR / "regional_groups.yaml")
    }


def _load_states(groups, report, update):
    states = {}
    for row in read_data_file(DATA_DIR / "states.yaml"):
        group_code = row.get("regional_group")
        if group_code and group_code not in groups:
            raise ReferenceDataError(f"State {row['code']}: unknown regional group {group_code}")
        states[row["code"]] = upsert(
            State,
            {"code": row["code"]},
            {
                **translated_values("name", row["name"]),
                "iso2": row.get("iso2") or "",
                "kind": row.get("kind", State.Kind.MEMBER),
                "regional_group": groups[group_code] if group_code else None,
            },
            update=update,
            report=report,
        )
    return states


def _load_articles(instrument, rows, chapter, report, update):
    for row in rows:
        upsert(
            Article,
            {"instrument": instrument, "number": row["number"]},
            {**translated_values("title", row["title"]), "chapter": chapter, "obligation": row["obligation"]},
            update=update,
            report=report,
        )


def _load_instruments(report, update):
    instruments = {}
    for order, row in enumerate(read_data_file(DATA_DIR / "instruments.yaml"), start=1):
        parent_code = row.get("parent")
        instrument = upsert(
            Instrument,
            {"code": row["code"]},
            {
                **translated_values("title", row["title"]),
                **translated_values("short_title", row["short_title"]),
                "parent": instruments[parent_code] if parent_code else None,
                "adopted_on": row.get("adopted_on"),
                "entry_into_force": row.get("entry_into_force"),
                "order": row.get("order", order),
            },
            update=update,
            report=report,
        )
        instruments[row["code"]] = instrument
        for chapter_order, chapter_row in enumerate(row.get("chapters") or [], start=1):
            chapter = upsert(
                Chapter,
                {"instrument": instrument, "number": chapter_row["number"]},
                {**translated_values("title", chapter_row["title"]), "order": chapter_order},
                update=update,
                report=report,
            )
            _load_articles(instrument, chapter_row["articles"], chapter, report, update)
        _load_articles(instrument, row.get("articles") or [], None, report, update)
    return instruments


def _load_parties(states, instruments, report, update):
    existing = {(p.state_id, p.instrument_id): p for p in Party.objects.all()}
    new, changed = [], []
    for instrument_code, rows in read_data_file(DATA_DIR / "parties.yaml").items():
        if instrument_code not in instruments:
            raise ReferenceDataError(f"parties: unknown instrument {instrument_code}")
        instrument = instruments[instrument_code]
        for row in rows:
            if row["state"] not in states:
                raise ReferenceDataError(f"parties of {instrument_code}: unknown State {row['state']}")
            state = states[row["state"]]
            party = existing.get((state.pk, instrument.pk))
            if party is None:
                new.append(Party(state=state, instrument=instrument, since=row.get("since")))
            elif update and party.since != row.get("since"):
                party.since = row.get("since")
                changed.append(party)
    Party.objects.bulk_create(new)
    Party.objects.bulk_update(changed, ["since"])
    if new:
        report.created["party"] = len(new)
    if changed:
        report.updated["party"] = len(changed)


def _load_mechanisms(groups, states, instruments, bodies, report, update):
    for order, row in enumerate(read_data_file(DATA_DIR / "mechanisms.yaml"), start=1):
        mechanism = upsert(
            Mechanism,
            {"code": row["code"]},
            {
                **translated_values("name", row["name"]),
                **translated_values("short_name", row["short_name"]),
                "established_by": row.get("established_by") or "",
                "overseen_by": bodies.get(row.get("overseen_by")),
                "reports_to": bodies.get(row.get("reports_to")),
                "order": order,
            },
            update=update,
            report=report,
        )
        mech_instruments = [instruments[code] for code in row["instruments"]]
        mechanism.instruments.add(*mech_instruments)

        clusters = {}
        for cluster_row in row.get("clusters") or []:
            cluster = upsert(
                Cluster,
                {"mechanism": mechanism, "number": cluster_row["number"]},
                translated_values("title", cluster_row["title"]),
                update=update,
                report=report,
            )
            clusters[cluster_row["number"]] = cluster
            for instrument_code, numbers in (cluster_row.get("articles") or {}).items():
                articles = list(Article.objects.filter(instrument=instruments[instrument_code], number__in=numbers))
                if len(articles) != len(set(numbers)):
                    raise ReferenceDataError(f"cluster {cluster_row['number']}: unknown {instrument_code} article")
                cluster.articles.add(*articles)

        for cycle_row in row.get("cycles") or []:
            cycle = upsert(
                ReviewCycle,
                {"mechanism": mechanism, "number": cycle_row["number"]},
                {
                    **translated_values("title", cycle_row["title"]),
                    "kind": cycle_row.get("kind", ReviewCycle.Kind.CYCLE),
                    "start_year": cycle_row["start_year"],
                    "end_year": cycle_row.get("end_year"),
                    "resolution": cycle_row.get("resolution") or "",
                    "review_years": cycle_row.get("review_years", 4),
                    "reviewer_cap": cycle_row.get("reviewer_cap", 3),
                    "redraw_limit": cycle_row.get("redraw_limit", 2),
                },
                update=update,
                report=report,
            )
            if cycle_row.get("chapters"):
                cycle.chapters.add(
                    *Chapter.objects.filter(instrument__in=mech_instruments, number__in=cycle_row["chapters"])
                )
            if cycle_row.get("clusters"):
                cycle.clusters.add(*(clusters[number] for number in cycle_row["clusters"]))

        _load_memberships(mechanism, mech_instruments, row.get("group_assignments") or {}, groups, states, report)


def _load_memberships(mechanism, mech_instruments, assignments, groups, states, report):
    """Every party to one of the mechanism's instruments gets one regional group for it: its
    United Nations group, or the explicit assignment in the file. Existing rows are kept."""
    have = set(MechanismMembership.objects.filter(mechanism=mechanism).values_list("state_id", flat=True))
    party_states = State.objects.filter(parties__instrument__in=mech_instruments).distinct()
    new = []
    for state in party_states:
        if state.pk in have:
            continue
        group_code = assignments.get(state.code)
        group = groups[group_code] if group_code else state.regional_group
        if group is None:
            raise ReferenceDataError(
                f"{mechanism.code}: party {state.code} has no United Nations regional group "
                "and no group_assignments entry"
            )
        new.append(MechanismMembership(mechanism=mechanism, state=state, regional_group=group))
    MechanismMembership.objects.bulk_create(new)
    if new:
        report.created["mechanismmembership"] = report.created.get("mechanismmembership", 0) + len(new)


def _load_ta_categories(report, update):
    for order, row in enumerate(read_data_file(DATA_DIR / "ta_categories.yaml"), start=1):
        upsert(
            TechnicalAssistanceCategory,
            {"code": row["code"]},
            {**translated_values("name", row["name"]), "order": order},
            update=update,
            report=report,
        )


@transaction.atomic
def reference_data_load(*, update: bool = False) -> LoadReport:
    """Load every reference-data file, then let the apps load what stands on it; return what
    was created or updated."""
    report = LoadReport()
    bodies = _load_bodies(report, update)
    groups = _load_groups(report, update)
    states = _load_states(groups, report, update)
    instruments = _load_instruments(report, update)
    _load_parties(states, instruments, report, update)
    _load_mechanisms(groups, states, instruments, bodies, report, update)
    _load_ta_categories(report, update)
    reference_data_loaded.send(sender=LoadReport, update=update, report=report)
    return report
