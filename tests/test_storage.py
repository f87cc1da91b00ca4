"""The life of files (issue 17): written through the storage API, removed when the row that
named them is deleted or never committed, orphans cleaned up, readable by another user."""

import datetime
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from documents.models import DocumentFile, Rendition
from reviewmech import storage
from reviewmech.pdf import write_atomically

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def staff(reference_data):
    from tests.factories import UserFactory

    return UserFactory(secretariat=True)


@pytest.fixture
def document(staff):
    from documents.services.registry import document_register

    return document_register(actor=staff, symbol="CAC/COSP/IRG/2026/3", title={"en": "A note"})


def _attach(document, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.services.registry import document_file_attach

    return document_file_attach(document=document, language="en", upload=SimpleUploadedFile("a.pdf", PDF), actor=staff)


def _age(name, days=2):
    path = default_storage.path(name)
    past = (datetime.datetime.now() - datetime.timedelta(days=days)).timestamp()
    os.utime(path, (past, past))


def test_the_default_storage_is_the_rollback_safe_file_system():
    from django.core.files.storage import storages

    assert type(storages["default"]) is storage.FileSystemStorage


def test_a_file_written_in_a_transaction_that_rolls_back_is_removed_at_the_end_of_the_request():
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        name = default_storage.save("incoming/rolled-back.pdf", ContentFile(PDF))
        assert default_storage.exists(name)
        raise Boom
    with transaction.atomic():
        kept = default_storage.save("incoming/committed.pdf", ContentFile(PDF))
    # What the end of the request runs (here the test's own transaction is still open: the
    # committed savepoint's note waits for it, the rolled-back one's is gone).
    assert storage.remove_rolled_back_files() == 1
    assert not default_storage.exists(name)
    assert default_storage.exists(kept)


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_is_kept_and_forgotten():
    with transaction.atomic():
        name = default_storage.save("incoming/committed.pdf", ContentFile(PDF))
    assert name not in {pending_name for _storage, pending_name in storage._pending()}
    storage.remove_rolled_back_files()
    assert default_storage.exists(name)


def test_a_rolled_back_upload_through_a_page_leaves_no_file(client, staff, document):
    """A registry upload whose transaction fails after the file was written (the document
    changed signal raising stands for any later failure): no file stays behind."""
    from django.urls import reverse

    from documents import signals

    client.force_login(staff)

    def fail(**kwargs):
        raise RuntimeError("a later step failed")

    signals.document_changed.connect(fail, dispatch_uid="test.fail")
    client.raise_request_exception = False
    try:
        upload = ContentFile(PDF, name="report.pdf")
        response = client.post(reverse("documents:file_upload", args=[document.pk]), {"language": "en", "file": upload})
    finally:
        signals.document_changed.disconnect(dispatch_uid="test.fail")
    assert response.status_code == 500
    assert not DocumentFile.objects.exists()
    assert list(storage.walk(default_storage)) == []


def test_deleting_a_row_removes_its_file_after_the_commit(django_capture_on_commit_callbacks, staff, document):
    from documents.services.registry import document_file_remove

    made = _attach(document, staff)
    name = made.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document_file_remove(document_file=made, actor=staff)
    assert default_storage.exists(name)  # not before the commit
    for callback in callbacks:
        callback()
    assert not default_storage.exists(name)


def test_a_deleted_document_takes_its_renditions_and_their_files(django_capture_on_commit_callbacks, summary_rendered):
    report, names = summary_rendered
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    assert not Rendition.objects.filter(object_id=report.pk).exists()
    assert not any(default_storage.exists(name) for name in names)


@pytest.fixture
def summary_rendered(staff):
    """An executive summary with a rendered (written, recorded) English PDF."""
    from django.contrib.contenttypes.models import ContentType

    from reviews.models import ReviewReport
    from tests.factories import CountryReviewFactory

    report = ReviewReport.objects.create(review=CountryReviewFactory(), kind=ReviewReport.Kind.EXECUTIVE_SUMMARY)
    name = "renditions/reviews.reviewreport/1/final/en-0123456789abcdef.pdf"
    name = default_storage.save(name, ContentFile(PDF))
    Rendition.objects.create(
        content_type=ContentType.objects.get_for_model(report),
        object_id=report.pk,
        language="en",
        status=Rendition.Status.DONE,
        file=name,
        content_hash="0123456789abcdef",
    )
    return report, [name]


def test_cleanup_media_removes_old_orphans_and_part_files_only(staff, document):
    in_use = _attach(document, staff)
    orphan = default_storage.save("documents/2026/orphan.pdf", ContentFile(PDF))
    part = default_storage.save("renditions/x/1/final/.en-abc.pdf.a1b2.part", ContentFile(PDF[:5]))
    recent = default_storage.save("documents/2026/uploading-now.pdf", ContentFile(PDF))
    for name in (in_use.file.name, orphan, part):
        _age(name)

    listed = storage.cleanup_media(dry_run=True)
    assert sorted(name for name, _size in listed.orphans) == sorted([orphan, part])
    assert listed.kept_recent == 1 and listed.referenced == 1
    assert default_storage.exists(orphan)  # a dry run removes nothing

    done = storage.cleanup_media()
    assert done.bytes == len(PDF) + 5
    assert not default_storage.exists(orphan) and not default_storage.exists(part)
    assert default_storage.exists(in_use.file.name) and default_storage.exists(recent)


def test_cleanup_media_command_and_its_weekly_schedule(settings, capsys):
    orphan = default_storage.save("incoming/2026/scan.pdf", ContentFile(PDF))
    _age(orphan)
    call_command("cleanup_media", "--dry-run")
    out = capsys.readouterr().out
    assert f"would remove\t{len(PDF)}\t{orphan}" in out and "Would remove 1 orphan file(s)" in out
    call_command("cleanup_media", "--older-than", "1")
    assert not default_storage.exists(orphan)
    entry = settings.CELERY_BEAT_SCHEDULE["cleanup-media"]
    assert entry["task"] == "reviewmech.cleanup_media"
    from reviewmech.tasks import cleanup_media

    assert cleanup_media.name == "reviewmech.cleanup_media"


def test_rendered_files_are_readable_by_another_user(tmp_path):
    target = tmp_path / "out" / "en.pdf"
    write_atomically(target, PDF)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert not list(target.parent.glob("*.part"))


def test_uploaded_files_are_readable_by_another_user():
    name = default_storage.save("incoming/scan.pdf", ContentFile(PDF))
    assert stat.S_IMODE(Path(default_storage.path(name)).stat().st_mode) == 0o644


def test_an_s3_compatible_store_is_a_setting():
    """MEDIA_STORAGE=s3 with a bucket: web and workers share it through django-storages; the
    bucket stays private (every file is served through the site's views)."""
    code = (
        "import django; django.setup();"
        "from django.conf import settings; from django.core.files.storage import storages;"
        "s = storages['default']; o = settings.STORAGES['default']['OPTIONS'];"
        "print(type(s).__mro__[1].__module__, s.bucket_name, s.endpoint_url, o['default_acl'], s.file_overwrite)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "reviewmech.settings",
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": "reviewmech-media",
        "MEDIA_S3_ENDPOINT_URL": "http://minio.internal:9000",
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "reviewmech.storage",
        "reviewmech-media",
        "http://minio.internal:9000",
        "private",
        "False",
    ]
    bad = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "MEDIA_STORAGE": "ftp"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode != 0 and "MEDIA_STORAGE must be 'local' or 's3'" in bad.stderr
