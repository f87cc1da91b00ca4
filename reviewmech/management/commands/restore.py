"""``manage.py restore ARCHIVE``: an archive of ``manage.py backup`` into an empty database and an
empty media storage, then checked against its manifest.

Nothing is touched unless the database has no table and the media storage no file, and unless
every file of the archive matches the manifest. On PostgreSQL the database is restored in one
transaction (all or nothing). Afterwards the row count of every table, the migrations and the
SHA-256 of every media file are compared with the manifest: any difference is listed and the
command exits with a non-zero status.
"""

import json
import shutil
import sys
import tempfile

from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db.migrations.loader import MigrationLoader

from reviewmech.management import archive

START_EMPTY = (
    "Start from an empty database and an empty media storage (README, 'Operations'):\n"
    "  PostgreSQL: dropdb NAME && createdb NAME (as the owner the site connects as), or a new database\n"
    "  SQLite: move the database file (and its -wal and -shm files) aside\n"
    "  media: move MEDIA_ROOT aside, or empty the bucket"
)


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into an EMPTY database and EMPTY media storage (it refuses "
        "otherwise, changing nothing), then check the row counts and file hashes against the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive (a .tar of `manage.py backup`); '-' reads standard input.")
        parser.add_argument("--database", default="default", help="The database of settings.DATABASES to restore into.")
        parser.add_argument("--database-url", help="Restore into this database instead (a URL as DATABASE_URL).")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check every file of the archive against its manifest, and say whether the targets are "
            "empty; change nothing.",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        db_settings = archive.database_settings(options["database"], options["database_url"])
        with tempfile.TemporaryDirectory(prefix="reviewmech-restore-") as work:
            path = options["archive"]
            if path == "-":
                path = f"{work}/archive.tar"
                with open(path, "wb") as spool:
                    shutil.copyfileobj(sys.stdin.buffer, spool, archive.CHUNK)
            with archive.open_archive(path) as tar:
                manifest = self._manifest(tar)
                vendor = archive.vendor_of(db_settings)
                if manifest["database"]["vendor"] != vendor:
                    raise CommandError(
                        f"The archive holds a {manifest['database']['vendor']} database; the target is "
                        f"{archive.describe(db_settings)}. Nothing was changed."
                    )
                if options["check"]:
                    self._check_archive(tar, manifest)
                    self.stdout.write(
                        self.style.SUCCESS(
                            f"Archive OK: every file matches the manifest ({len(manifest['tables'])} tables, "
                            f"{len(manifest['media'])} media files, made {manifest['created_at']}). "
                            "Nothing was changed (--check)."
                        )
                    )
                    problems = self._target_problems(db_settings)
                    if problems:
                        self.stdout.write(
                            "A restore into the present target would be refused:\n  - " + "\n  - ".join(problems)
                        )
                    else:
                        self.stdout.write(f"{archive.describe(db_settings)} and the media storage are empty.")
                    return
                problems = self._target_problems(db_settings)
                if problems:
                    raise CommandError(
                        "The target is not empty, so nothing was restored and nothing was changed:\n  - "
                        + "\n  - ".join(problems)
                        + "\n"
                        + START_EMPTY
                    )
                self._check_archive(tar, manifest)
                self._restore(tar, manifest, db_settings, work)
        if options["database_url"] is None and options["database"] == "default":
            self._clear_cache()
        self._verify(manifest, db_settings, "standard input" if options["archive"] == "-" else options["archive"])

    # --- Before anything is touched -------------------------------------------------------

    def _manifest(self, tar) -> dict:
        try:
            member = tar.getmember(archive.MANIFEST)
            manifest = json.load(tar.extractfile(member))
        except KeyError as exc:
            raise CommandError(
                f"Not a complete backup archive: no {archive.MANIFEST} (an interrupted backup?)."
            ) from exc
        except (ValueError, AttributeError, TypeError) as exc:
            raise CommandError(f"The archive's {archive.MANIFEST} cannot be read: {exc}") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != archive.FORMAT:
            raise CommandError(f"Not an archive of `manage.py backup` (format {manifest.get('format')!r}).")
        if manifest.get("format_version") != archive.FORMAT_VERSION:
            raise CommandError(
                f"Archive format version {manifest.get('format_version')}; this code reads version "
                f"{archive.FORMAT_VERSION}."
            )
        for key, kind in (("database", dict), ("tables", dict), ("migrations", dict), ("media", dict)):
            if not isinstance(manifest.get(key), kind):
                raise CommandError(f"The archive's manifest has no valid {key!r}.")
        if manifest["database"].get("file") not in archive.DATABASE_MEMBERS.values():
            raise CommandError("The archive's manifest names no valid database file.")
        unsafe = [name for name in manifest["media"] if not archive.safe_media_name(name)]
        if unsafe:
            raise CommandError(f"The archive's manifest names media files outside the media root: {unsafe[:5]}")
        return manifest

    def _target_problems(self, db_settings) -> list[str]:
        """Why the database or the media storage is not empty (nothing when both are)."""
        problems = []
        hint = "\nRestore into an existing, empty database: create it first (createdb NAME)."
        with archive.connect(db_settings, alias="restore-check", hint=hint) as db:
            relations = archive.relations(db)
            if relations:
                counts = archive.table_counts(db)
                with_rows = sorted(name for name, rows in counts.items() if rows)
                detail = f"{len(with_rows)} tables with rows" + (f": {', '.join(with_rows[:5])}" if with_rows else "")
                problems.append(
                    f"the database ({archive.describe(db_settings)}) has {len(relations)} tables, views or "
                    f"sequences ({detail}; e.g. {', '.join(relations[:5])})"
                )
        first_file = archive.first_media_name(default_storage)
        if first_file is not None:
            problems.append(f"the media storage has files (e.g. {first_file})")
        return problems

    def _check_archive(self, tar, manifest):
        """Every file of the archive is in the manifest with its hash, and the reverse."""
        differences = archive.Differences()
        members = {}
        for member in tar.getmembers():
            if member.name in members:
                differences.add(f"{member.name}: twice in the archive")
            elif not member.isfile():
                differences.add(f"{member.name}: not a regular file")
            members[member.name] = member
        expected = {manifest["database"]["file"]: manifest["database"]} | {
            archive.MEDIA_PREFIX + name: entry for name, entry in manifest["media"].items()
        }
        for name in sorted(set(members) - set(expected) - {archive.MANIFEST}):
            differences.add(f"{name}: in the archive, not in the manifest")
        for name, entry in sorted(expected.items()):
            member = members.get(name)
            if member is None:
                differences.add(f"{name}: in the manifest, missing from the archive")
                continue
            if not member.isfile():
                continue
            sha256, size = archive.copy_hashing(tar.extractfile(member))
            if (sha256, size) != (entry.get("sha256"), entry.get("size")):
                differences.add(
                    f"{name}: SHA-256 {sha256[:16]}... ({size} bytes), the manifest says "
                    f"{str(entry.get('sha256'))[:16]}... ({entry.get('size')} bytes)"
                )
        if differences:
            raise CommandError(
                f"The archive does not match its manifest ({len(differences.items)} differences); "
                f"nothing was changed:\n{differences.summary()}"
            )

    # --- Restoring ---------------------------------------------------------------------------

    def _restore(self, tar, manifest, db_settings, work):
        self.stdout.write(f"Restoring the database into {archive.describe(db_settings)}...")
        dump = f"{work}/{manifest['database']['file']}"
        with open(dump, "wb") as target:
            shutil.copyfileobj(tar.extractfile(manifest["database"]["file"]), target, archive.CHUNK)
        archive.restore_database(db_settings, dump)

        self.stdout.write(f"Restoring {len(manifest['media'])} media files...")
        restored = 0
        try:
            for name in sorted(manifest["media"]):
                source = tar.extractfile(archive.MEDIA_PREFIX + name)
                saved = default_storage.save(name, File(source, name=name))
                if saved != name:
                    raise CommandError(f"the media storage saved {name} as {saved}: was it written to meanwhile?")
                restored += 1
                if self.verbosity >= 2:
                    self.stdout.write(f"  {name}")
        except Exception as exc:
            raise CommandError(
                f"The database was restored, but only {restored} of {len(manifest['media'])} media files: {exc}\n"
                "Empty the database and the media storage again, then run the restore again."
            ) from exc

    def _clear_cache(self):
        """Pages cached from the data before the restore must not be served."""
        try:
            caches["default"].clear()
        except Exception as exc:  # noqa: BLE001 - any cache backend's error; the restore stands
            self.stderr.write(f"Warning: the cache could not be cleared ({exc}); clear it before serving the site.")

    # --- Afterwards --------------------------------------------------------------------------

    def _verify(self, manifest, db_settings, archive_name):
        differences = archive.Differences()
        with archive.connect(db_settings, alias="restore-verify") as db:
            state = archive.read_state(db)
            pending, unknown = self._migrations_against_code(db)

        labels = {}
        for label, entry in (manifest.get("models") or {}).items():
            labels.setdefault(entry.get("table"), []).append(label)
        for table in sorted(set(manifest["tables"]) | set(state.tables)):
            expected, found = manifest["tables"].get(table), state.tables.get(table)
            if expected == found:
                continue
            models = f" ({', '.join(labels[table])})" if table in labels else ""
            expected_text = "no such table" if expected is None else f"{expected} rows"
            found_text = "no such table" if found is None else f"{found} rows"
            differences.add(f"table {table}{models}: expected {expected_text}, found {found_text}")
        differences.compare("latest migration of", manifest["migrations"], state.migrations)

        found_media = {}
        for name in archive.media_names(default_storage):
            sha256, size = archive.storage_hash(default_storage, name)
            found_media[name] = {"sha256": sha256, "size": size}
        for name in sorted(set(manifest["media"]) | set(found_media)):
            expected, found = manifest["media"].get(name), found_media.get(name)
            if found is None:
                differences.add(f"media file {name}: missing")
            elif expected is None:
                differences.add(f"media file {name}: not in the manifest")
            elif (found["sha256"], found["size"]) != (expected.get("sha256"), expected.get("size")):
                differences.add(f"media file {name}: SHA-256 or size differs from the manifest")

        size = sum(entry["size"] for entry in found_media.values())
        self.stdout.write(
            f"Restored {archive_name} (made {manifest['created_at']}) into {archive.describe(db_settings)}: "
            f"{len(state.tables)} tables, {state.rows} rows; {len(found_media)} media files, "
            f"{archive.human_size(size)}."
        )
        if differences:
            raise CommandError(
                f"Verification failed: {len(differences.items)} differences from the manifest:\n{differences.summary()}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Verified: the row counts of {len(state.tables)} tables, the migrations of "
                f"{len(state.migrations)} apps and the SHA-256 of {len(found_media)} media files match the manifest."
            )
        )
        if unknown:
            self.stderr.write(
                f"Warning: the archive has {len(unknown)} migrations this code does not know "
                f"(e.g. {'.'.join(unknown[0])}): it was made by a newer version of reviewmech."
            )
        if pending:
            self.stdout.write(
                f"Note: {len(pending)} migrations of this code are not applied to the restored database "
                "(it was made by an older version): run `manage.py migrate`."
            )

    def _migrations_against_code(self, db):
        """The code's migrations not applied to the database, and those applied the code lacks."""
        applied = set()
        with db.cursor() as cursor:
            if "django_migrations" in db.introspection.table_names(cursor):
                cursor.execute("SELECT app, name FROM django_migrations")
                applied = {tuple(row) for row in cursor.fetchall()}
        graph = MigrationLoader(None, ignore_no_migrations=True).graph
        pending = sorted(
            key
            for key, migration in graph.nodes.items()
            if key not in applied and not (migration.replaces and set(migration.replaces) <= applied)
        )
        known = set(graph.nodes) | {old for migration in graph.nodes.values() for old in migration.replaces or ()}
        unknown = sorted(applied - known)
        return pending, unknown
