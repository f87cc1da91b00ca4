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
