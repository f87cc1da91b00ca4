"""Loading the reviewed reference-data files into the database.

The files in ``reference/reference_data/`` are the source of record for a fresh installation.
Loading is idempotent: a row that exists is left as the secretariat may have edited it, unless
``update=True`` asks to overwrite it from the files; only then are the parties the files no longer
list removed (never one that a country review stands on). ``dry_run=True`` does the same load
and rolls it back: the :class:`LoadReport` lists what would change, one line per row.

Apps above this one keep data of their own that stands on these facts (the review workflow of
each mechanism, for instance). They load it in the same transaction by connecting to
:data:`reference_data_loaded`, with the helpers here (:func:`read_data_file`,
:func:`translated_values`, :func:`upsert`).
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
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
    """What a load created, updated or removed: counts per kind of row, and ``changes``, one
    line per row and field changed (``+ party BTN untoc 2023-02-20 accession``,
    ``~ party KEN uncac: since None → 2003-12-09, act '' → ratification``, ``- party AUS fir``);
    ``kept``: rows the files no longer list that were kept, with the reason."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def count(self, kind: str, created: bool, changed: bool = True):
        bucket = self.created if created else self.updated
        if created or changed:
            bucket[kind] = bucket.get(kind, 0) + 1

    def count_removed(self, kind: str, n: int = 1):
        if n:
            self.removed[kind] = self.removed.get(kind, 0) + n

    def __str__(self):
        parts = [f"{kind}: {n} created" for kind, n in sorted(self.created.items())]
        parts += [f"{kind}: {n} updated" for kind, n in sorted(self.updated.items())]
        parts += [f"{kind}: {n} removed" for kind, n in sorted(self.removed.items())]
        if self.kept:
            parts.append(f"{len(self.kept)} kept although no longer in the files")
        return "; ".join(parts) or "nothing to do"


def shown(value) -> str:
    """A value as the change lines show it: codes and numbers bare, text in double quotes,
    ``None`` and ``''`` for nothing."""
    if value is None:
        return "None"
    if isinstance(value, models.Model):
        return natural_key(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        if value == "":
            return "''"
        return value if re.fullmatch(r"[\w./-]+", value) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    return str(value)


def natural_key(obj) -> str:
    """How a row is named in the change lines: its code, or its number after its parent's."""
    code = getattr(obj, "code", None)
    if code:
        return code
    for parent in ("instrument", "mechanism"):
        if hasattr(obj, f"{parent}_id") and hasattr(obj, "number"):
            return f"{natural_key(getattr(obj, parent))} {obj.number}"
    return str(obj.pk)


def _lookup_label(lookup: dict) -> str:
    return " ".join(shown(value) for value in lookup.values())


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
    """The row of ``model`` found by ``lookup``: created with ``values`` if missing; if it
    exists, its fields are set to ``values`` only when ``update`` is set. Every row created and
    every field changed is counted and written in ``report.changes``."""
    obj = model.objects.filter(**lookup).first()
    kind = model._meta.model_name
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.count(kind, created=True)
        report.changes.append(f"+ {kind} {_lookup_label(lookup)}")
        return obj
    if update:
        changed = [name for name, value in values.items() if getattr(obj, _attname(model, name)) != _raw(value)]
        if changed:
            diff = ", ".join(f"{name} {shown(getattr(obj, name))} → {shown(values[name])}" for name in changed)
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
            report.count(kind, created=False)
            report.changes.append(f"~ {kind} {_lookup_label(lookup)}: {diff}")
    return obj


def link(report: LoadReport, obj, name: str, targets) -> None:
    """Add ``targets`` to the many-to-many field ``name`` of ``obj`` (links are never removed
    by a load), writing the links that are new in ``report.changes``."""
    manager = getattr(obj, name)
    have = set(manager.values_list("pk", flat=True))
    new = [target for target in targets if target.pk not in have]
    if new:
        manager.add(*new)
        added = ", ".join(natural_key(target) for target in new)
        report.changes.append(f"~ {obj._meta.model_name} {natural_key(obj)}: {name} + {added}")


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
                report.changes.append(f"~ body {body.code}: parent {shown(body.parent)} → {parent}")
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


def _records(data, key: str, file_name: str) -> list:
    """The list of records of a file: the file itself, or (files that also keep a ``sources``
    registry) its ``key`` entry."""
    if isinstance(data, dict):
        if key not in data:
            raise ReferenceDataError(f"{file_name}: no {key!r} list")
        return data[key]
    return data


def _load_instruments(report, update):
    instruments = {}
    rows = _records(read_data_file(DATA_DIR / "instruments.yaml"), "instruments", "instruments.yaml")
    for order, row in enumerate(rows, start=1):
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


#: Keys a party may have in ``parties.yaml``; ``sources``, ``unverified`` and ``note`` record
#: how the entry was checked and are not loaded.
PARTY_KEYS = {"state", "since", "act", "sources", "unverified", "note"}


def party_sections(data: dict) -> dict:
    """``parties.yaml`` checked for its shape: instrument code → its section (``sources``,
    ``counts``, ``parties``). Raises :class:`ReferenceDataError` on an unknown key or act, a
    source id the section does not declare, or a State listed twice."""
    if not isinstance(data, dict):
        raise ReferenceDataError("parties.yaml: expected one section per instrument")
    acts = set(Party.Act.values)
    for code, section in data.items():
        if not isinstance(section, dict) or not isinstance(section.get("parties"), list):
            raise ReferenceDataError(f"parties of {code}: expected sources, counts and parties")
        declared = set(section.get("sources") or {})
        for count in section.get("counts") or []:
            if count.get("source") not in declared:
                raise ReferenceDataError(f"parties of {code}: count from undeclared source {count.get('source')}")
        seen = set()
        for row in section["parties"]:
            state = row.get("state")
            unknown = set(row) - PARTY_KEYS
            if unknown:
                raise ReferenceDataError(f"parties of {code}, {state}: unknown keys {sorted(unknown)}")
            if state in seen:
                raise ReferenceDataError(f"parties of {code}: {state} listed twice")
            seen.add(state)
            if row.get("act") and row["act"] not in acts:
                raise ReferenceDataError(f"parties of {code}, {state}: unknown act {row['act']}")
            undeclared = set(row.get("sources") or []) - declared
            if undeclared:
                raise ReferenceDataError(f"parties of {code}, {state}: undeclared sources {sorted(undeclared)}")
    return data


def _party_line(party) -> str:
    since = party.since.isoformat() if party.since else "undated"
    return f"{party.state.code} {party.instrument.code} {since} {party.act or 'act-unknown'}"


def _load_parties(states, instruments, report, update):
    """Parties in bulk (a fixed number of queries, however many). With ``update``, the dates
    and acts of existing parties follow the file, and the parties it no longer lists are
    removed, unless a country review stands on them (then they are kept and reported)."""
    existing = {(p.state_id, p.instrument_id): p for p in Party.objects.select_related("state", "instrument")}
    listed, new, changed = set(), [], []
    for instrument_code, section in party_sections(read_data_file(DATA_DIR / "parties.yaml")).items():
        if instrument_code not in instruments:
            raise ReferenceDataError(f"parties: unknown instrument {instrument_code}")
        instrument = instruments[instrument_code]
        for row in section["parties"]:
            if row["state"] not in states:
                raise ReferenceDataError(f"parties of {instrument_code}: unknown State {row['state']}")
            state = states[row["state"]]
            values = {"since": row.get("since"), "act": row.get("act") or ""}
            listed.add((state.pk, instrument.pk))
            party = existing.get((state.pk, instrument.pk))
            if party is None:
                party = Party(state=state, instrument=instrument, **values)
                new.append(party)
                report.changes.append(f"+ party {_party_line(party)}")
                continue
            diff = [(name, getattr(party, name), v) for name, v in values.items() if getattr(party, name) != v]
            if update and diff:
                for name, _old, value in diff:
                    setattr(party, name, value)
                changed.append(party)
                shown_diff = ", ".join(f"{name} {shown(old)} → {shown(value)}" for name, old, value in diff)
                report.changes.append(f"~ party {state.code} {instrument.code}: {shown_diff}")
    Party.objects.bulk_create(new)
    Party.objects.bulk_update(changed, ["since", "act"])
    if new:
        report.created["party"] = report.created.get("party", 0) + len(new)
    if changed:
        report.updated["party"] = report.updated.get("party", 0) + len(changed)
    if update:
        _remove_parties([party for key, party in existing.items() if key not in listed], report)


def _party_dependents():
    """The models of other apps whose rows concern one State under one instrument (a country
    review): found by their foreign keys, so that this app imports none of them."""
    for model in apps.get_models():
        if model._meta.app_label == Party._meta.app_label:
            continue
        fields = [f for f in model._meta.concrete_fields if f.many_to_one]
        state_fields = [f for f in fields if f.related_model is State]
        instrument_fields = [f for f in fields if f.related_model is Instrument]
        if len(state_fields) == 1 and len(instrument_fields) == 1:
            yield model, state_fields[0], instrument_fields[0]


def _remove_parties(stale, report):
    if not stale:
        return
    in_use = {}
    for model, state_field, instrument_field in _party_dependents():
        rows = model._base_manager.filter(
            **{
                f"{state_field.name}__in": {p.state_id for p in stale},
                f"{instrument_field.name}__in": {p.instrument_id for p in stale},
            }
        ).values_list(state_field.attname, instrument_field.attname)
        for key in rows.distinct():
            in_use.setdefault(key, model._meta.verbose_name)
    removed = []
    for party in sorted(stale, key=lambda p: (p.instrument.order, p.state.code)):
        reason = in_use.get((party.state_id, party.instrument_id))
        if reason:
            report.kept.append(
                f"party {party.state.code} {party.instrument.code}: no longer in the file, "
                f"kept because a {reason} stands on it"
            )
        else:
            removed.append(party.pk)
            report.changes.append(f"- party {party.state.code} {party.instrument.code}")
    Party.objects.filter(pk__in=removed).delete()
    report.count_removed("party", len(removed))


def _load_mechanisms(groups, instruments, bodies, report, update):
    rows = _records(read_data_file(DATA_DIR / "mechanisms.yaml"), "mechanisms", "mechanisms.yaml")
    for order, row in enumerate(rows, start=1):
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
        link(report, mechanism, "instruments", mech_instruments)

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
                link(report, cluster, "articles", sorted(articles, key=lambda a: a.number))

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
                chapters = Chapter.objects.filter(instrument__in=mech_instruments, number__in=cycle_row["chapters"])
                link(report, cycle, "chapters", chapters.select_related("instrument").order_by("order"))
            if cycle_row.get("clusters"):
                link(report, cycle, "clusters", [clusters[number] for number in cycle_row["clusters"]])

        _load_memberships(
            mechanism, mech_instruments, row.get("group_assignments") or {}, groups, report, update=update
        )


def _load_memberships(mechanism, mech_instruments, assignments, groups, report, *, update):
    """Every party to one of the mechanism's instruments gets one regional group for it: its
    United Nations group, or the explicit assignment in the file. Existing rows are kept; with
    ``update``, those of States no longer party to any of the mechanism's instruments go."""
    have = set(MechanismMembership.objects.filter(mechanism=mechanism).values_list("state_id", flat=True))
    party_states = list(
        State.objects.filter(parties__instrument__in=mech_instruments).distinct().select_related("regional_group")
    )
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
        report.changes.append(f"+ mechanismmembership {state.code} {mechanism.code} {group.code}")
    MechanismMembership.objects.bulk_create(new)
    if new:
        report.created["mechanismmembership"] = report.created.get("mechanismmembership", 0) + len(new)
    if update:
        stale = MechanismMembership.objects.filter(mechanism=mechanism).exclude(
            state__in=[state.pk for state in party_states]
        )
        for code in stale.order_by("state__code").values_list("state__code", flat=True):
            report.changes.append(f"- mechanismmembership {code} {mechanism.code}")
        _total, deleted = stale.delete()
        report.count_removed("mechanismmembership", deleted.get(MechanismMembership._meta.label, 0))


def _load_ta_categories(report, update):
    for order, row in enumerate(read_data_file(DATA_DIR / "ta_categories.yaml"), start=1):
        upsert(
            TechnicalAssistanceCategory,
            {"code": row["code"]},
            {**translated_values("name", row["name"]), "order": order},
            update=update,
            report=report,
        )


def reference_data_load(*, update: bool = False, dry_run: bool = False) -> LoadReport:
    """Load every reference-data file, then let the apps load what stands on it; return what
    was created, updated or removed. With ``dry_run`` the whole load runs in a transaction that
    is rolled back: the report says what it would have changed."""
    report = LoadReport()
    with transaction.atomic():
        bodies = _load_bodies(report, update)
        groups = _load_groups(report, update)
        states = _load_states(groups, report, update)
        instruments = _load_instruments(report, update)
        _load_parties(states, instruments, report, update)
        _load_mechanisms(groups, instruments, bodies, report, update)
        _load_ta_categories(report, update)
        reference_data_loaded.send(sender=LoadReport, update=update, report=report)
        if dry_run:
            transaction.set_rollback(True)
    return report
