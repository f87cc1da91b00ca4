"""``manage.py backup``: the database and the media files in one archive with a manifest.

See ``reviewmech/management/archive.py`` for what an archive holds, and the README
("Operations") for how to restore one.
"""

import datetime
import io
import json
import os
import sys
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from reviewmech.management import archive


class Command(BaseCommand):
    help = (
        "Write one archive (var/backups/reviewmech-YYYYmmddTHHMMSSZ.tar by default) with a dump of "
        "the database, every media file and a manifest (row counts, SHA-256 of the files, migrations)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(Path(settings.BASE_DIR) / "var" / "backups"),
            help="Folder of the archive (default: var/backups); created if missing.",
        )
        parser.add_argument(
            "--output",
            help="The archive's path instead of a name in --output-dir; '-' writes it to standard output.",
        )
        parser.add_argument("--database", default="default", help="The database of settings.DATABASES to back up.")
        parser.add_argument("--database-url", help="Back up this database instead (a URL as DATABASE_URL).")

    def handle(self, *args, **options):
        created = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
        stamp = created.strftime("%Y%m%dT%H%M%SZ")
        to_stdout = options["output"] == "-"
        self.verbosity = options["verbosity"]
        # With the archive on standard output, the messages go to standard error.
        self.out = self.stderr if to_stdout else self.stdout
        db_settings = archive.database_settings(options["database"], options["database_url"])
        vendor = archive.vendor_of(db_settings)

        if to_stdout:
            target = None
            work_parent = None
        else:
            target = Path(options["output"] or Path(options["output_dir"]) / f"reviewmech-{stamp}.tar").resolve()
            if target.exists():
                raise CommandError(f"{target} exists already; nothing was written.")
            try:
                media_root = Path(default_storage.path("")).resolve()
            except NotImplementedError:  # not on the local file system (S3...)
                media_root = None
            if media_root and target.is_relative_to(media_root):
                raise CommandError(
                    f"The archive would be among the media files it holds ({media_root}): choose another place."
                )
            try:
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                if not os.access(target.parent, os.W_OK):
                    raise PermissionError(f"{target.parent} is not writable")
            except OSError as exc:
                raise CommandError(
                    f"Cannot write the archive into {target.parent} ({exc}): choose --output-dir, or "
                    "--output - to write it to standard output."
                ) from exc
            work_parent = str(target.parent)

        with tempfile.TemporaryDirectory(prefix="reviewmech-backup-", dir=work_parent) as work:
            self._log(f"Dumping {archive.describe(db_settings)}...")
            dump_path, state = archive.dump_database(db_settings, work)
            if to_stdout:
                stream = sys.stdout.buffer
                summary = self._write(stream, "w|", created, vendor, db_settings, dump_path, state, work)
                stream.flush()
                self.out.write(self.style.SUCCESS("Backup written to standard output"))
                self.out.write(summary)
                return
            partial = target.with_name(target.name + ".partial")
            # The archive holds every account and every confidential file: readable by its owner only.
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "wb") as stream:
                    summary = self._write(stream, "w", created, vendor, db_settings, dump_path, state, work)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.replace(partial, target)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
        self.out.write(self.style.SUCCESS(f"Backup written: {target} ({archive.human_size(target.stat().st_size)})"))
        self.out.write(summary)

    def _log(self, text):
        if self.verbosity >= 1:
            self.out.write(text)

    def _write(self, stream, mode, created, vendor, db_settings, dump_path, state, work) -> str:
        timestamp = created.timestamp()
        with tarfile.open(fileobj=stream, mode=mode, format=tarfile.PAX_FORMAT) as tar:
            db_sha256, db_size = archive.file_hash(dump_path)
            info = tar.gettarinfo(dump_path, arcname=archive.DATABASE_MEMBERS[vendor])
            info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
            with open(dump_path, "rb") as source:
                tar.addfile(info, source)

            self._log("Copying the media files...")
            media = {}
            for name in archive.media_names(default_storage):
                # Through a temporary file: the hash and the size are those of the bytes archived,
                # even if the file changes meanwhile.
                with tempfile.TemporaryFile(dir=work) as spool:
                    try:
                        with default_storage.open(name, "rb") as source:
                            sha256, size = archive.copy_hashing(source, spool)
                    except FileNotFoundError:
                        self.stderr.write(f"Skipped {name}: deleted while the backup ran.")
                        continue
                    spool.seek(0)
                    info = tarfile.TarInfo(archive.MEDIA_PREFIX + name)
                    info.size, info.mtime, info.mode = size, timestamp, 0o600
                    tar.addfile(info, spool)
                media[name] = {"sha256": sha256, "size": size}
                if self.verbosity >= 2:
                    self.out.write(f"  {name} ({archive.human_size(size)})")

            manifest = {
                "format": archive.FORMAT,
                "format_version": archive.FORMAT_VERSION,
                "created_at": created.isoformat().replace("+00:00", "Z"),
                "django_version": django.get_version(),
                "database": {
                    "vendor": vendor,
                    "name": str(db_settings["NAME"]),
                    "file": archive.DATABASE_MEMBERS[vendor],
                    "sha256": db_sha256,
                    "size": db_size,
                },
                "migrations": state.migrations,
                "tables": state.tables,
                "models": archive.model_counts(state.tables),
                "storage": settings.STORAGES.get("default", {}).get("BACKEND", ""),
                "media": media,
            }
            data = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False).encode()
            info = tarfile.TarInfo(archive.MANIFEST)
            info.size, info.mtime, info.mode = len(data), timestamp, 0o600
            tar.addfile(info, io.BytesIO(data))

        missing = sorted(label for label, entry in manifest["models"].items() if entry["rows"] is None)
        if missing:
            self.stderr.write(
                f"Warning: {len(missing)} models have no table (migrations not applied?): {', '.join(missing[:10])}"
            )
        return (
            f"  database: {vendor}, {len(state.tables)} tables, {state.rows} rows "
            f"({len(manifest['models'])} models, migrations of {len(state.migrations)} apps)\n"
            f"  media: {len(media)} files, {archive.human_size(sum(m['size'] for m in media.values()))}"
        )
