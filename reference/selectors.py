"""Reads of the reference facts for the pages (the home page's mechanisms and parties)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from reviewmech.i18n import alphabetical, translated

from .models import Instrument, Mechanism, MechanismMembership, RegionalGroup, ReviewCycle


@dataclass
class GroupParties:
    group: RegionalGroup
    states: list = field(default_factory=list)


@dataclass
class MechanismOverview:
    mechanism: Mechanism
    cycles: list
    groups: list[GroupParties]

    @property
    def party_count(self):
        return sum(len(g.states) for g in self.groups)


def _by_name(state):
    return alphabetical(translated(state, "name").text)


def mechanisms_overview() -> list[MechanismOverview]:
    """Each mechanism with its cycles and its States parties by regional group.

    States are listed alphabetically in the active language: a list, never an order of merit.
    """
    cycles = ReviewCycle.objects.prefetch_related("chapters", "clusters").order_by("number")
    mechanisms = list(
        Mechanism.objects.select_related("overseen_by", "reports_to").prefetch_related(
            Prefetch("cycles", queryset=cycles), "instruments"
        )
    )
    groups = list(RegionalGroup.objects.all())
    members = defaultdict(lambda: defaultdict(list))
    for membership in MechanismMembership.objects.select_related("state"):
        members[membership.mechanism_id][membership.regional_group_id].append(membership.state)
    overview = []
    for mechanism in mechanisms:
        by_group = [
            GroupParties(group, sorted(members[mechanism.pk][group.pk], key=_by_name))
            for group in groups
            if members[mechanism.pk][group.pk]
        ]
        overview.append(MechanismOverview(mechanism, list(mechanism.cycles.all()), by_group))
    return overview


def instruments_with_party_counts():
    return Instrument.objects.annotate(party_count=Count("parties")).order_by("order")


@dataclass
class StatesIndex:
    #: Every State taking part in a review mechanism, alphabetical in the active language.
    states: list
    #: The same States by United Nations regional group (those outside any group last).
    groups: list[GroupParties]
    #: Those outside the regional groups (the European Union).
    ungrouped: list


def states_index() -> StatesIndex:
    """The States parties of the mechanisms, for the public index: alphabetical in the active
    language (case and accents ignored), and by regional group. Two queries."""
    states = sorted(
        {m.state.pk: m.state for m in MechanismMembership.objects.select_related("state")}.values(), key=_by_name
    )
    groups = list(RegionalGroup.objects.all())
    by_group = defaultdict(list)
    for state in states:
        by_group[state.regional_group_id].append(state)
    return StatesIndex(
        states,
        [GroupParties(group, by_group[group.pk]) for group in groups if by_group[group.pk]],
        by_group[None],
    )


@dataclass
class StateFacts:
    state: object
    #: (mechanism, regional group in it) for each mechanism the State takes part in.
    memberships: list
    #: The instruments it is a party to, with the date.
    parties: list


def state_facts(code: str) -> StateFacts:
    """A State party by its ISO code, with its mechanisms and instruments; ``State.DoesNotExist``
    if it takes part in no mechanism."""
    from .models import Party, State

    code = (code or "").upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise State.DoesNotExist(code)
    state = State.objects.filter(code=code, memberships__isnull=False).select_related("regional_group").distinct().get()
    memberships = list(
        MechanismMembership.objects.filter(state=state)
        .select_related("mechanism", "regional_group")
        .order_by("mechanism__order")
    )
    parties = list(Party.objects.filter(state=state).select_related("instrument").order_by("instrument__order"))
    return StateFacts(state, memberships, parties)
