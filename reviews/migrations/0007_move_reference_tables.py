"""The reference facts leave this app for ``reference`` (issue 10): first their tables take
the new app's names, rows and foreign keys untouched (renaming a table keeps both, on
PostgreSQL and on SQLite). The auto-created many-to-many tables follow their model."""

from django.db import migrations

MOVED = [
    "regionalgroup",
    "state",
    "instrument",
    "chapter",
    "article",
    "party",
    "mechanism",
    "mechanismmembership",
    "cluster",
    "reviewcycle",
    "technicalassistancecategory",
]


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0006_findings_reports_renditions_dialogue"),
    ]

    operations = [migrations.AlterModelTable(name=name, table=f"reference_{name}") for name in MOVED]
