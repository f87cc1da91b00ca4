"""Backup archives: the database and the media files in one tar, with a manifest to check them by.

An archive (``reviewmech-YYYYmmddTHHMMSSZ.tar``) holds:

- ``database.pgdump`` — ``pg_dump --format=custom`` of the PostgreSQL database, or
  ``database.sqlite3`` — a copy of the SQLite database made with SQLite's backup API;
- ``media/<name>`` — every file of the media storage (``default_storage``), read through the
  storage API (a local folder or an S3-compatible store alike);
- ``manifest.json`` (last) — when and from what it was made, the SHA-256 and size of the
  database file and of every media file, the row count of every table (and of every model's
  table, by model), the latest applied migration of every app.

The row counts and the migrations are read in the very snapshot the dump is made of (PostgreSQL:
a repeatable-read transaction whose snapshot ``pg_dump --snapshot`` uses; SQLite: the copy), so
a backup taken while the site runs is consistent. A media file is hashed from the bytes written
into the archive.

Used by the ``backup`` and ``restore`` management commands. The media files are listed with
``reviewmech.storage.walk`` (the storage API only, as ``cleanup_media`` does).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO

from django.apps import apps
from django.core.management.base import CommandError
from django.db import connections
from django.db.utils import load_backend

from reviewmech.storage import walk

FORMAT = "reviewmech-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


# --- Databases ------------------------------------------------------------------------------


def database_settings(alias: str = "default", url: str | None = None) -> dict:
    """The settings of the database to back up or restore into: a database of ``DATABASES``
    (by alias), or one given by URL (any URL django-environ reads, as ``DATABASE_URL``)."""
    if url:
        import environ

        try:
            config = environ.Env.db_url_config(url)
        except Exception as exc:
            raise CommandError(f"Cannot read the database URL: {exc}") from exc
        return connections.configure_settings({"default": config})["default"]
    if alias not in connections.settings:
        raise CommandError(f"No database {alias!r} in settings.DATABASES.")
    return dict(connections[alias].settings_dict)


def vendor_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if "postgresql" in engine or "postgis" in engine:
        return "postgresql"
    if "sqlite3" in engine or "spatialite" in engine:
        return "sqlite"
    raise CommandError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def describe(settings_dict: dict) -> str:
    """The database for a message: never its password."""
    if vendor_of(settings_dict) == "sqlite":
        return f"SQLite {settings_dict['NAME']}"
    host = settings_dict.get("HOST") or "local socket"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"PostgreSQL {settings_dict['NAME']} on {host}{port}"


@contextmanager
def connect(settings_dict: dict, alias: str = "backup", hint: str = ""):
    """A connection of its own (not one of ``django.db.connections``), closed on exit."""
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(dict(settings_dict), alias)
    try:
        try:
            wrapper.ensure_connection()
        except Exception as exc:
            raise CommandError(f"Cannot connect to {describe(settings_dict)}: {str(exc).strip()}{hint}") from exc
        yield wrapper
    finally:
        wrapper.close()


def table_counts(db) -> dict[str, int]:
    """The number of rows of every table of the database (views left out)."""
    with db.cursor() as cursor:
        names = sorted(info.name for info in db.introspection.get_table_list(cursor) if info.type != "v")
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {db.ops.quote_name(name)}")  # noqa: S608 - quoted table name
            counts[name] = cursor.fetchone()[0]
    return counts


def relations(db) -> list[str]:
    """Every table, view and sequence in the database: an empty database has none."""
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                "SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c "
                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
                "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' "
                "ORDER BY 1"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1"
            )
        return [row[0] for row in cursor.fetchall()]


def applied_migrations(db, tables) -> dict[str, str]:
    """The latest applied migration of every app (the last one recorded)."""
    if "django_migrations" not in tables:
        return {}
    latest = {}
    with db.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        for app, name in cursor.fetchall():
            latest[app] = name
    return dict(sorted(latest.items()))


def model_counts(tables: dict[str, int]) -> dict[str, dict]:
    """The rows of every model of every installed app (its own table; many-to-many tables
    included, proxies left out): ``{"app_label.Model": {"table": ..., "rows": n or None}}``,
    ``None`` when the table does not exist (migrations not applied)."""
    counted = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        table = model._meta.db_table
        counted[model._meta.label] = {"table": table, "rows": tables.get(table)}
    return dict(sorted(counted.items()))


@dataclass
class DatabaseState:
    """What a database holds, read in one snapshot."""

    tables: dict[str, int]
    migrations: dict[str, str]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def read_state(db) -> DatabaseState:
    tables = table_counts(db)
    return DatabaseState(tables=tables, migrations=applied_migrations(db, tables))


def _pg_env_and_args(settings_dict: dict) -> tuple[dict, list[str]]:
    """The environment and the connection arguments of pg_dump and pg_restore (the password
    goes in the environment, never on the command line)."""
    from django.db.backends.postgresql.client import DatabaseClient

    _args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    options = settings_dict.get("OPTIONS") or {}
    env = {**os.environ, **(env or {})}
    if options.get("options"):
        env["PGOPTIONS"] = str(options["options"])
    connection_args = []
    for flag, key in (("--username", "USER"), ("--host", "HOST"), ("--port", "PORT")):
        if settings_dict.get(key):
            connection_args.append(f"{flag}={settings_dict[key]}")
    if settings_dict.get("NAME"):
        # A connection string, so that a name is never read as one (libpq quoting).
        name = str(settings_dict["NAME"]).replace("\\", "\\\\").replace("'", "\\'")
        connection_args.append(f"--dbname=dbname='{name}'")
    return env, connection_args


def _client(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise CommandError(
            f"{program} not found: install the PostgreSQL client programs of the server's major "
            "version (Debian: apt-get install postgresql-client)."
        )
    return path


def _run(command: list[str], env: dict, what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise CommandError(f"{what} failed (exit {result.returncode}): {detail}")


def dump_database(settings_dict: dict, directory: str) -> tuple[str, DatabaseState]:
    """Dump the database into ``directory``; return the file and the state it holds."""
    vendor = vendor_of(settings_dict)
    path = os.path.join(directory, DATABASE_MEMBERS[vendor])
    if vendor == "postgresql":
        pg_dump = _client("pg_dump")
        with connect(settings_dict) as db:
            # One snapshot for the counts and for pg_dump: they describe the same data.
            db.set_autocommit(False)
            try:
                with db.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
                state = read_state(db)
                env, args = _pg_env_and_args(settings_dict)
                _run(
                    [pg_dump, "--format=custom", f"--file={path}", f"--snapshot={snapshot}", *args],
                    env,
                    "pg_dump",
                )
            finally:
                db.rollback()
                db.set_autocommit(True)
    else:
        with connect(settings_dict) as db:
            copy = sqlite3.connect(path)
            try:
                db.connection.backup(copy)
            finally:
                copy.close()
        with connect({**settings_dict, "NAME": path, "OPTIONS": {}}, alias="backup-copy") as db:
            state = read_state(db)
    return path, state


def restore_database(settings_dict: dict, path: str) -> None:
    """Restore the dump at ``path`` into the (empty) database: all or nothing on PostgreSQL."""
    if vendor_of(settings_dict) == "postgresql":
        env, args = _pg_env_and_args(settings_dict)
        _run(
            [
                _client("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *args,
                path,
            ],
            env,
            "pg_restore",
        )
    else:
        source = sqlite3.connect(path)
        try:
            with connect(settings_dict, alias="restore") as db:
                source.backup(db.connection)
        finally:
            source.close()


# --- Media ----------------------------------------------------------------------------------


def media_names(storage) -> list[str]:
    """Every file of the storage, its subfolders included, in a stable order (through the
    storage API only: the local file system or an S3-compatible store alike)."""
    return sorted(walk(storage))


def first_media_name(storage) -> str | None:
    """A file of the storage, if it has any (without listing them all)."""
    return next(iter(walk(storage)), None)


def copy_hashing(source: IO[bytes], target: IO[bytes] | None = None) -> tuple[str, int]:
    """SHA-256 and size of what is read from ``source`` (copied to ``target`` if given)."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest(), size


def file_hash(path: str) -> tuple[str, int]:
    with open(path, "rb") as source:
        return copy_hashing(source)


def storage_hash(storage, name: str) -> tuple[str, int]:
    with storage.open(name, "rb") as source:
        return copy_hashing(source)


def safe_media_name(name: str) -> bool:
    """A relative path below the media root: no absolute path, no ``..``, no empty part."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and all(part not in ("", ".", "..") for part in name.split("/"))


# --- Comparisons ----------------------------------------------------------------------------


@dataclass
class Differences:
    items: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.items)

    def add(self, text: str) -> None:
        self.items.append(text)

    def compare(self, what: str, expected: dict, found: dict) -> None:
        for key in sorted(set(expected) | set(found), key=str):
            if key not in found:
                self.add(f"{what} {key}: missing (expected {expected[key]})")
            elif key not in expected:
                self.add(f"{what} {key}: not in the manifest (found {found[key]})")
            elif expected[key] != found[key]:
                self.add(f"{what} {key}: expected {expected[key]}, found {found[key]}")

    def summary(self, limit: int = 30) -> str:
        lines = [f"  - {item}" for item in self.items[:limit]]
        if len(self.items) > limit:
            lines.append(f"  ... and {len(self.items) - limit} more")
        return "\n".join(lines)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"  # pragma: no cover


def open_archive(path: str) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:*")
    except (OSError, tarfile.TarError) as exc:
        raise CommandError(f"Cannot read the archive {path}: {exc}") from exc
