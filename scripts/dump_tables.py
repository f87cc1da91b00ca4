#!/usr/bin/env python
"""Dump every table of the configured database as JSON: ``{table: {"columns": [...],
"rows": [[...], ...]}}``, gzipped. Made for the migration tests, which load such a dump into
the schema it was taken from and migrate it forward (see ``tests/test_layout_migration.py``).

    DATABASE_URL=sqlite:///var/old.sqlite3 python scripts/dump_tables.py out.json.gz
"""

import datetime
import decimal
import gzip
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviewmech.settings")


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, memoryview | bytes):
        return value.hex()
    return value


def main(target):
    import django

    django.setup()
    from django.db import connection

    dump = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (introspected names)
            columns = [column[0] for column in cursor.description]
            rows = [[_plain(value) for value in row] for row in cursor.fetchall()]
            dump[table] = {"columns": columns, "rows": rows}
    with gzip.open(target, "wt", encoding="utf-8") as handle:
        json.dump(dump, handle, ensure_ascii=False, separators=(",", ":"))
    print(f"{len(dump)} tables, {sum(len(t['rows']) for t in dump.values())} rows -> {target}")


if __name__ == "__main__":
    main(sys.argv[1])
