"""The review workflow of each mechanism (``reviews/reference_data/workflows.yaml``), loaded
with the reference facts by ``manage.py load_reference_data``."""

from pathlib import Path

from reference.models import Mechanism
from reference.services import LoadReport, ReferenceDataError, read_data_file, translated_values, upsert

from ..models import WorkflowStep

WORKFLOWS_FILE = Path(__file__).resolve().parent.parent / "reference_data" / "workflows.yaml"


def workflows_load(*, update: bool, report: LoadReport) -> None:
    """Each mechanism's steps, in order, with their indicative durations and who completes them.
    Existing steps are kept as the secretariat edited them unless ``update`` is set."""
    for mechanism_code, rows in read_data_file(WORKFLOWS_FILE).items():
        mechanism = Mechanism.objects.filter(code=mechanism_code).first()
        if mechanism is None:
            raise ReferenceDataError(f"workflows: unknown mechanism {mechanism_code}")
        for order, row in enumerate(rows, start=1):
            upsert(
                WorkflowStep,
                {"mechanism": mechanism, "code": row["code"]},
                {
                    **translated_values("name", row["name"]),
                    "order": order,
                    "indicative_days": row.get("days"),
                    "actor_roles": row.get("actors") or [],
                    "takes_civil_society_input": bool(row.get("civil_society_input")),
                },
                update=update,
                report=report,
            )


def on_reference_data_loaded(sender, *, update, report, **kwargs):
    workflows_load(update=update, report=report)
