"""Backup and restore (issue 17, part 4): `manage.py backup` writes one archive with the database,
the media files and a manifest; `manage.py restore` puts it back into an empty database and an
empty media storage, refuses anything else, and checks the result against the manifest.

The PostgreSQL tests (pg_dump, pg_restore) belong to the PostgreSQL run of the suite; the SQLite
round trip, the archive through standard output and input, and media in a storage with no file
system behind it, to the SQLite run. The data are committed (transactional tests): pg_dump reads
them from another connection.
"""

import hashlib
import io
import json
import shutil
import tarfile
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from tests.conftest import service_missing

pytestmark = pytest.mark.django_db(transaction=True)

ENGINE = django_settings.DATABASES["default"]["ENGINE"]
#: Decided before the test database is set up: a skipped transactional test costs no flush.
postgresql_run = pytest.mark.skipif(
    "postgresql" not in ENGINE, reason="pg_dump and pg_restore are tested in the PostgreSQL run of the suite"
)
sqlite_run = pytest.mark.skipif("sqlite3" not in ENGINE, reason="these belong to the SQLite run of the suite")

#: Media files as the site stores them: in folders, one with a name in another script.
MEDIA = {
    "documents/2011/CAC-COSP-IRG-2011-2-E.pdf": b"%PDF-1.7 issued document " + bytes(range(256)) * 40,
    "incoming/2011/CU 2011-167 note verbale.pdf": b"%PDF-1.4 scanned note verbale",
    "ngo_briefings/inputs/7/Résumé 中文 ملخص.pdf": b"%PDF-1.5 an organization's input",
    "renditions/review-report/1/fr.pdf": b"%PDF-1.7 rendered summary",
}


# --- Helpers ---------------------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_media():
    for name, data in MEDIA.items():
        assert default_storage.save(name, ContentFile(data)) == name


def media_files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): sha256(path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup(tmp_path) -> Path:
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    return archive


def new_media_root(settings, tmp_path) -> Path:
    """From here on the site's media storage is a folder of its own (empty): the restore's."""
    root = tmp_path / "restored-media"
    settings.MEDIA_ROOT = root
    return root


def restore(archive, url, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), database_url=url, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of the archive with ``change(name, data)`` applied to each member's bytes."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def source_counts() -> dict[str, int]:
    """Rows of every model of every installed app and of every table, read through the ORM and
    the test database's own connection (not through the code under test)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.proxy:
            counts[model._meta.db_table] = model._base_manager.count()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def postgres_counts(url: str, tables) -> dict[str, int]:
    import psycopg2

    with psycopg2.connect(url.replace("postgres://", "postgresql://", 1)) as db, db.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    db.close()
    return counts


def postgres_tables(url: str) -> list[str]:
    import psycopg2

    with psycopg2.connect(url.replace("postgres://", "postgresql://", 1)) as db, db.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        tables = [row[0] for row in cursor.fetchall()]
    db.close()
    return tables


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture
def pg_tools():
    """pg_dump and pg_restore belong to the PostgreSQL run of the suite (`make test` makes one; CI
    must reach PostgreSQL for it): on the SQLite run these tests skip (``postgresql_run``). A
    missing client program skips them on a laptop, fails them under CI=true."""
    for program in ("pg_dump", "pg_restore"):
        if shutil.which(program) is None:
            service_missing(f"{program} not found (Debian: postgresql-client)")


@pytest.fixture
def empty_database(pg_tools):
    """A new, empty PostgreSQL database on the test server; dropped afterwards. Yields its URL."""
    name = f"reviewmech_restore_{uuid.uuid4().hex[:12]}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    cfg = connection.settings_dict
    password = f":{cfg['PASSWORD']}" if cfg["PASSWORD"] else ""
    url = f"postgres://{cfg['USER'] or 'postgres'}{password}@{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}/{name}"
    try:
        yield url
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sample(reference_data, monkeypatch):
    """A part of the demo data of `make run` (its sessions, agendas and registry documents:
    the whole demo takes too long here), a review with findings and the people on it, a
    registry document's file, and the media files. PDFs are left queued (no worker here)."""
    from documents.models import Document, DocumentFile
    from documents.tasks import render_document
    from sessions.demo import sessions_demo_load
    from tests.factories import CountryReviewFactory, FindingFactory, ParticipantFactory, UserFactory

    monkeypatch.setattr(render_document, "delay", lambda *args, **kwargs: None)
    staff = UserFactory(secretariat=True)
    sessions_demo_load(staff)
    review = CountryReviewFactory()
    FindingFactory.create_batch(12, review=review)
    ParticipantFactory(review=review, user=UserFactory(focal_point=True))
    ParticipantFactory(review=review, user=UserFactory(expert=True))
    data = b"%PDF-1.7 registry file, English"
    DocumentFile.objects.create(
        document=Document.objects.order_by("pk").first(),
        language="en",
        file=ContentFile(data, name="registry-file-E.pdf"),
        kind="pdf",
        name="registry-file-E.pdf",
        size=len(data),
        sha256=sha256(data),
        uploaded_by=staff,
    )
    store_media()


@pytest.fixture
def small(reference_data):
    """Reference data and the media files: enough for the refusals."""
    store_media()


# --- PostgreSQL ------------------------------------------------------------------------------


@postgresql_run
def test_backup_and_restore_round_trip_on_postgresql(empty_database, sample, settings, tmp_path):
    from documents.models import DocumentFile
    from reviews.models import Finding

    source_media = Path(settings.MEDIA_ROOT)
    expected = source_counts()
    expected_media = media_files(source_media)
    assert len(expected_media) == len(MEDIA) + 1
    archive = backup(tmp_path)
    assert archive.stat().st_mode & 0o077 == 0  # every account and confidential file: owner only

    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[-1] == "manifest.json"
    assert set(names) == {"database.pgdump", "manifest.json", *(f"media/{name}" for name in expected_media)}
    manifest = manifest_of(archive)
    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["created_at"].endswith("Z")
    assert {name: entry["sha256"] for name, entry in manifest["media"].items()} == expected_media
    assert all(manifest["media"][name]["size"] == len(data) for name, data in MEDIA.items())
    assert set(manifest["tables"]) == set(connection.introspection.table_names())
    assert manifest["tables"] == {table: expected[table] for table in manifest["tables"]}
    assert Finding.objects.count() == 12
    assert manifest["models"]["reviews.Finding"] == {"table": "reviews_finding", "rows": 12}
    # Many-to-many tables too (auto-created models).
    assert manifest["models"]["accounts.User_groups"] == {"table": "accounts_user_groups", "rows": 0}
    assert manifest["tables"]["reference_state"] > 190 and manifest["tables"]["irg_sessions_session"] > 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM django_migrations WHERE app = 'reviews' ORDER BY id DESC LIMIT 1")
        assert manifest["migrations"]["reviews"] == cursor.fetchone()[0]

    restored_media = new_media_root(settings, tmp_path)
    output = restore(archive, empty_database)
    assert "Verified:" in output

    # Checked here without the code under test: every table and every file as in the source,
    # and the registry file's row names a file with its bytes.
    tables = postgres_tables(empty_database)
    assert set(tables) == set(connection.introspection.table_names())
    assert postgres_counts(empty_database, tables) == {table: expected[table] for table in tables}
    assert media_files(restored_media) == expected_media
    registry_file = DocumentFile.objects.get()
    import psycopg2

    with psycopg2.connect(empty_database.replace("postgres://", "postgresql://", 1)) as db, db.cursor() as cursor:
        cursor.execute("SELECT file, sha256 FROM documents_documentfile")
        assert cursor.fetchall() == [(registry_file.file.name, registry_file.sha256)]
    db.close()
    assert sha256((restored_media / registry_file.file.name).read_bytes()) == registry_file.sha256


@postgresql_run
def test_restore_refuses_changes_nothing_and_reports_differences(empty_database, small, settings, tmp_path):
    """A database or a media storage that is not empty, an archive whose files do not match its
    manifest, one without a manifest (an interrupted backup), media names outside the media
    root: refused with the reason, and nothing is touched. Then counts that differ from the
    manifest: restored, reported, non-zero exit status. One test, one backup (the data must be
    committed for pg_dump: each transactional test costs a flush)."""
    archive = backup(tmp_path)
    restored_media = new_media_root(settings, tmp_path)
    before = source_counts()

    def untouched():
        assert postgres_tables(empty_database) == []
        assert media_files(restored_media) == {}

    # Into the test database itself (migrated, with the reference data).
    with pytest.raises(CommandError, match="not empty, so nothing was restored") as refused:
        call_command("restore", str(archive), stdout=io.StringIO())
    assert "tables with rows: " in str(refused.value) and "dropdb" in str(refused.value)
    assert source_counts() == before
    untouched()

    # A file in the media storage.
    default_storage.save("documents/2024/left-over.pdf", ContentFile(b"%PDF an earlier file"))
    with pytest.raises(CommandError, match="the media storage has files"):
        restore(archive, empty_database)
    assert postgres_tables(empty_database) == []
    default_storage.delete("documents/2024/left-over.pdf")
    untouched()

    # A media file changed in the archive.
    changed = "media/documents/2011/CAC-COSP-IRG-2011-2-E.pdf"

    def forge(name, data):
        return data.replace(b"issued", b"forged") if name == changed else data

    tampered = rewrite(archive, tmp_path / "tampered.tar", forge)
    with pytest.raises(CommandError, match="does not match its manifest") as refused:
        restore(tampered, empty_database)
    assert changed in str(refused.value) and "SHA-256" in str(refused.value)
    untouched()
    # --check says the same without restoring anything, and passes on the intact archive.
    with pytest.raises(CommandError, match="does not match its manifest"):
        restore(tampered, empty_database, check=True)
    checked = restore(archive, empty_database, check=True)
    assert "Archive OK" in checked and "Nothing was changed" in checked and "are empty" in checked
    untouched()
    # --check on an intact archive with a target that is not empty: the archive is OK, the
    # refusal a restore would meet is said.
    default_storage.save("left-over.pdf", ContentFile(b"%PDF"))
    checked = restore(archive, empty_database, check=True)
    assert "Archive OK" in checked and "would be refused" in checked and "left-over.pdf" in checked
    default_storage.delete("left-over.pdf")
    untouched()

    # No manifest.
    truncated = tmp_path / "truncated.tar"
    with tarfile.open(archive) as source, tarfile.open(truncated, "w") as copy:
        for member in source.getmembers():
            if member.name != "manifest.json":
                copy.addfile(member, source.extractfile(member))
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        restore(truncated, empty_database)
    untouched()

    # A media name that leaves the media root.
    def escape(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["media"]["../../outside.pdf"] = {"sha256": sha256(b""), "size": 0}
        return json.dumps(manifest).encode()

    with pytest.raises(CommandError, match="outside the media root"):
        restore(rewrite(archive, tmp_path / "escape.tar", escape), empty_database)
    untouched()

    # A manifest whose counts are not those of the dump (edited, or a restore that lost rows):
    # restored, then each difference reported, with a non-zero exit status.
    def edit(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["tables"]["reference_state"] += 1
        return json.dumps(manifest).encode()

    with pytest.raises(CommandError, match="Verification failed: 1 differences") as failed:
        restore(rewrite(archive, tmp_path / "edited.tar", edit), empty_database)
    assert "table reference_state (reference.State): expected" in str(failed.value)
    assert postgres_counts(empty_database, ["reference_state"]) == {"reference_state": before["reference_state"]}


# --- SQLite ----------------------------------------------------------------------------------


@sqlite_run
def test_backup_and_restore_round_trip_on_sqlite(small, settings, tmp_path):
    import sqlite3

    source_media = Path(settings.MEDIA_ROOT)
    expected = source_counts()
    archive = backup(tmp_path)
    assert manifest_of(archive)["database"]["vendor"] == "sqlite"

    target = tmp_path / "restored.sqlite3"
    restored_media = new_media_root(settings, tmp_path)
    assert "Verified:" in restore(archive, f"sqlite:///{target}")

    restored = sqlite3.connect(target)
    try:
        tables = [
            row[0]
            for row in restored.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608
    finally:
        restored.close()
    assert set(tables) == set(connection.introspection.table_names())
    assert counts == {table: expected[table] for table in tables}
    assert media_files(restored_media) == media_files(source_media)

    # A second restore into it is refused.
    settings.MEDIA_ROOT = tmp_path / "other-media"
    with pytest.raises(CommandError, match="not empty"):
        restore(archive, f"sqlite:///{target}")


@sqlite_run
def test_backup_to_standard_output_and_restore_from_standard_input(
    small, settings, tmp_path, capsysbinary, monkeypatch
):
    """`docker compose exec -T web python manage.py backup --output - > file`, and back."""
    source_media = Path(settings.MEDIA_ROOT)
    call_command("backup", output="-", stderr=io.StringIO())
    data = capsysbinary.readouterr().out
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        assert tar.getnames()[-1] == "manifest.json"

    restored_media = new_media_root(settings, tmp_path)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert "Verified:" in restore("-", f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    assert media_files(restored_media) == media_files(source_media)


@sqlite_run
def test_media_go_through_the_storage_api_only(small, settings, tmp_path):
    """No file system behind the storage (as with S3): the files are listed, read and written
    through ``default_storage`` alone."""
    in_memory = {"default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    settings.STORAGES = {**settings.STORAGES, **in_memory}
    store_media()
    archive = backup(tmp_path)
    assert {name: entry["sha256"] for name, entry in manifest_of(archive)["media"].items()} == {
        name: sha256(data) for name, data in MEDIA.items()
    }

    settings.STORAGES = {**settings.STORAGES, "default": {**in_memory["default"]}}  # a new, empty one
    assert default_storage.listdir("") == ([], [])
    assert "Verified:" in restore(archive, f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    for name, data in MEDIA.items():
        with default_storage.open(name, "rb") as restored:
            assert restored.read() == data
