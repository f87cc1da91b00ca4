"""The one place the public site asks what the State under review agreed to publish.

``decisions(reviews)`` reads the ledger once for many reviews; ``granted(…)`` answers for one
item. Withdrawing consent is a new decision, so every page asking here follows at once.
"""

from __future__ import annotations

from ..models import ConsentDecision

Item = ConsentDecision.Item
Decision = ConsentDecision.Decision


def decisions(reviews) -> dict[tuple[int, str], ConsentDecision]:
    """The decision in force per (review id, item), for the given reviews (one query)."""
    review_ids = [getattr(r, "pk", r) for r in reviews]
    latest: dict[tuple[int, str], ConsentDecision] = {}
    if not review_ids:
        return latest
    for decision in ConsentDecision.objects.filter(review_id__in=review_ids).order_by(
        "review_id", "item", "-recorded_at", "-pk"
    ):
        latest.setdefault((decision.review_id, decision.item), decision)
    return latest


def all_decisions() -> dict[tuple[int, str], ConsentDecision]:
    """The decision in force per (review id, item) for every review (one query), for the
    open data's status table."""
    latest: dict[tuple[int, str], ConsentDecision] = {}
    for decision in ConsentDecision.objects.order_by("review_id", "item", "-recorded_at", "-pk"):
        latest.setdefault((decision.review_id, decision.item), decision)
    return latest


def decision_of(in_force: dict, review, item: str) -> str:
    decision = in_force.get((getattr(review, "pk", review), item))
    return decision.decision if decision else Decision.NOT_ASKED


def granted(review, item: str, in_force: dict | None = None) -> bool:
    """Whether the State under review agreed to publish ``item`` of ``review``."""
    if in_force is None:
        in_force = decisions([review])
    return decision_of(in_force, review, item) == Decision.GRANTED


def ledger(review) -> list[ConsentDecision]:
    """Every decision recorded on the review, the latest first, for the secretariat's page."""
    return list(
        ConsentDecision.objects.filter(review=review)
        .select_related("recorded_by", "incoming_note")
        .order_by("-recorded_at", "-pk")
    )


def in_force_of(ledger_rows: list[ConsentDecision]) -> dict[str, ConsentDecision]:
    """The decision in force per item, from one review's ``ledger`` (the latest first, as
    ``decisions`` orders them): the review page reads both with one query."""
    in_force: dict[str, ConsentDecision] = {}
    for decision in ledger_rows:
        in_force.setdefault(decision.item, decision)
    return in_force
