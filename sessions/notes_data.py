"""The texts of notes verbales (``sessions/reference_data/note_templates.yaml``), loaded with
the reference facts by ``manage.py load_reference_data``."""

from pathlib import Path

from reference.services import LoadReport, ReferenceDataError, read_data_file, translated_values, upsert

from .models import NoteTemplate
from .notes import TemplateError, check_template

TEMPLATES_FILE = Path(__file__).resolve().parent / "reference_data" / "note_templates.yaml"


def note_templates_load(*, update: bool, report: LoadReport) -> None:
    for row in read_data_file(TEMPLATES_FILE):
        values = {
            **translated_values("name", row["name"]),
            **translated_values("subject", row["subject"]),
            **translated_values("text", row["text"]),
        }
        for name, text in values.items():
            try:
                check_template(text or "")
            except TemplateError as exc:
                raise ReferenceDataError(f"note template {row['code']}, {name}: {exc}") from exc
        upsert(NoteTemplate, {"code": row["code"]}, values, update=update, report=report)


def on_reference_data_loaded(sender, *, update, report, **kwargs):
    note_templates_load(update=update, report=report)
