"""The direction of dependencies between the project's packages (issue 10, README "How the code
is laid out"): wiring on top, then ngo_briefings, reviews, sessions, then the shared layer
(documents, accounts, reference) and the core helpers of ``reviewmech``; nothing imports the
REST API. A forbidden import fails here with its module and line."""

import subprocess
import sys
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent

#: The project's apps by layer, highest first: an app may point only to its own models or to
#: those of a lower layer.
LAYERS = [{"ngo_briefings"}, {"reviews"}, {"irg_sessions"}, {"documents"}, {"accounts"}, {"reference"}]
RANK = {label: len(LAYERS) - index for index, layer in enumerate(LAYERS) for label in layer}


def test_imports_follow_the_contracts_in_pyproject():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint), "--no-cache", "--no-logo", "--config", "pyproject.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout, result.stdout


def test_model_relations_point_down_the_layers():
    """A relation given as a string ("reviews.CountryReview") is no import, but it ties the
    apps' migrations together all the same: it must follow the same direction."""
    upward = []
    for model in apps.get_models(include_auto_created=True):
        source = model._meta.app_label
        if source not in RANK:
            continue
        for field in model._meta.get_fields():
            target = field.related_model
            if field.auto_created or target is None or isinstance(target, str):
                continue
            label = target._meta.app_label
            if label in RANK and label != source and RANK[label] >= RANK[source]:
                upward.append(f"{model._meta.label}.{field.name} -> {target._meta.label}")
    assert not upward, upward
