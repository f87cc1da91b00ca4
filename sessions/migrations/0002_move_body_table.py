"""Intergovernmental bodies are reference facts (issue 10): the table takes the name of the
``reference`` app, with its rows and the foreign keys that point to it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("irg_sessions", "0001_initial"),
    ]

    operations = [migrations.AlterModelTable(name="body", table="reference_body")]
