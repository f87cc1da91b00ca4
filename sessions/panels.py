"""What other apps add to a session's page, without this app importing them.

An app above this one (reviews: the drawing of lots held at the session; ngo_briefings: the
briefing on its margins) registers, from its ``AppConfig.ready``, a function that takes the
person and the session and returns ``None`` (nothing to show) or a :class:`Panel`: a template
and its context. The session page renders the panels in the order they were registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


_PANELS: list[Callable] = []


def register(panel: Callable) -> Callable:
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def panels_for(user, session) -> list[Panel]:
    return [panel for make in _PANELS if (panel := make(user, session)) is not None]
