"""The move of the reference facts and of the document pipeline into their own apps (issue 10)
keeps every row of an existing database.

``tests/data/demo_before_layout_move.json.gz`` holds every table of a database made by the
last commit before the move (a8be5ff: ``migrate``, ``load_reference_data``, ``seed_demo``),
dumped with ``scripts/dump_tables.py``. The test takes the database back to the schema of that
commit, loads the dump into it through the models as they were then, migrates forward and
compares, table by table, the number of rows; then it reads the moved rows through today's
models and their foreign keys. It runs on SQLite and on PostgreSQL like the rest of the suite.
"""

import datetime
import gzip
import json
from pathlib import Path

import pytest
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor

DUMP = Path(__file__).resolve().parent / "data" / "demo_before_layout_move.json.gz"

#: The schema of the last commit before the move; the two new apps did not exist.
BEFORE = [
    ("reviews", "0006_findings_reports_renditions_dialogue"),
    ("irg_sessions", "0001_initial"),
    ("accounts", "0002_initial"),
    ("reference", None),
    ("documents", None),
]

MOVED_TO_REFERENCE = [
    "regionalgroup",
    "state",
    "instrument",
    "chapter",
    "article",
    "party",
    "mechanism",
    "mechanism_instruments",
    "mechanismmembership",
    "cluster",
    "cluster_articles",
    "reviewcycle",
    "reviewcycle_chapters",
    "reviewcycle_clusters",
    "technicalassistancecategory",
]
RENAMED = {
    **{f"reviews_{name}": f"reference_{name}" for name in MOVED_TO_REFERENCE},
    "irg_sessions_body": "reference_body",
    "reviews_rendition": "documents_rendition",
}


def _value(field, value):
    if value is None:
        return None
    if isinstance(field, models.JSONField) and isinstance(value, str):
        return json.loads(value)
    value = field.to_python(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


def _load(dump, old_apps):
    """Every row of the dump, inserted through the models of the old schema."""
    by_table = {model._meta.db_table: model for model in old_apps.get_models(include_auto_created=True)}
    with transaction.atomic():  # foreign keys are checked at commit, whatever the order
        for table, content in dump.items():
            model = by_table.get(table)
            if model is None or not content["rows"]:
                continue
            fields = {field.column: field for field in model._meta.concrete_fields}
            columns = [fields[column] for column in content["columns"]]
            model._base_manager.bulk_create(
                [
                    model(**{field.attname: _value(field, value) for field, value in zip(columns, row, strict=True)})
                    for row in content["rows"]
                ],
                batch_size=500,
            )
        for sql in connection.ops.sequence_reset_sql(no_style(), list(by_table.values())):
            with connection.cursor() as cursor:
                cursor.execute(sql)


def _count(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (known names)
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_database_with_the_demo_data_keeps_every_row_through_the_move():
    dump = json.loads(gzip.decompress(DUMP.read_bytes()))
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    # The test database's own rows (content types, permissions) give way to the dump's.
    tables = [table for table in connection.introspection.table_names() if table != "django_migrations"]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))
    applied = list(executor.recorder.applied_migrations())
    _load(dump, executor.loader.project_state(applied).apps)
    # Tables of apps the project no longer installs (DRF's authtoken, dropped for our own
    # API tokens) are not part of the move.
    before = {
        table: len(content["rows"])
        for table, content in dump.items()
        if table != "django_migrations" and table in tables
    }
    assert before["reviews_state"] == 198 and before["reviews_countryreview"] > 800

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    existing = set(connection.introspection.table_names())
    assert not {table for table in RENAMED if table in existing}, "an old table is left behind"
    after = {table: _count(RENAMED.get(table, table)) for table in before}
    assert after == before

    # Today's models read the moved rows, and the foreign keys still join.
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import User
    from documents.models import Rendition
    from reference.models import Body, Mechanism, State
    from reviews.models import CountryReview
    from sessions.models import Session

    assert State.objects.count() == before["reviews_state"]
    reviews = CountryReview.objects.select_related("state", "instrument", "cycle__mechanism")
    assert reviews.count() == before["reviews_countryreview"]
    assert {review.cycle.mechanism.code for review in reviews} == {"irm", "untoc-rm"}
    assert User.objects.get(username="focalpoint").state.code == "KEN"
    assert Session.objects.filter(body__in=Body.objects.all()).count() == before["irg_sessions_session"]
    assert Mechanism.objects.get(code="irm").overseen_by.code == "irg"
    renditions = list(Rendition.objects.all())
    assert len(renditions) == 18 and all(rendition.document is not None for rendition in renditions)
    labels = dict(ContentType.objects.values_list("model", "app_label").filter(model__in=["state", "rendition"]))
    assert labels == {"state": "reference", "rendition": "documents"}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            assert cursor.execute("PRAGMA foreign_key_check").fetchall() == []
