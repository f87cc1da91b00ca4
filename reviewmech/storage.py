"""Where uploaded and rendered files live, and how none of them is left behind.

Every file is read and written through Django's storage API (``default_storage``, a
``FileField``'s ``storage``): the local file system by default, or an S3-compatible object store
shared by web and workers on different hosts (``MEDIA_STORAGE=s3``, see the settings and the
README). The two backends here add what the project needs on top of Django's and
django-storages' own:

* **A file written by a transaction that rolls back is removed.** A ``FileField`` writes its
  file when the model is saved, before the transaction commits. The storage notes each file it
  writes inside a transaction; the commit forgets the note; at the end of the request or task
  (``remove_rolled_back_files``) a note whose transaction is gone without committing means the
  row that named the file never existed, and the file goes.
* **A file deleted with its row is removed after the commit** (``delete_files_after_commit``,
  connected to every model with a file field): never before, so a rolled-back deletion loses
  nothing.

What escapes both (a process killed between the write and the end of its request, a render
killed while writing its ``.part`` file) is an orphan: ``manage.py cleanup_media`` lists and
removes them (weekly, from Celery beat).
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import threading

from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import FileField

_local = threading.local()


def _pending() -> dict:
    """(storage, name) → the on-commit callback that forgets it, for this thread."""
    if not hasattr(_local, "pending"):
        _local.pending = {}
    return _local.pending


class RollbackSafeStorageMixin:
    """Notes each file written inside a transaction until that transaction commits."""

    def _save(self, name, content):
        name = super()._save(name, content)
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.in_atomic_block:
            pending = _pending()
            key = (self, name)

            def committed():
                pending.pop(key, None)

            pending[key] = committed
            transaction.on_commit(committed)
        return name


class FileSystemStorage(RollbackSafeStorageMixin, DjangoFileSystemStorage):
    """The local file system (``MEDIA_ROOT``), files readable by the group and others as
    ``FILE_UPLOAD_PERMISSIONS`` says, so a web process running as another user than the
    workers can serve them."""


def _s3_storage_class():
    from storages.backends.s3 import S3Storage as BaseS3Storage

    class S3Storage(RollbackSafeStorageMixin, BaseS3Storage):
        """An S3-compatible object store (django-storages), shared by web and workers."""

    return S3Storage


def __getattr__(name):
    # Imported only when configured: boto3 is not loaded by a site on the local file system.
    if name == "S3Storage":
        return _s3_storage_class()
    raise AttributeError(name)


def remove_rolled_back_files(**_kwargs) -> int:
    """Remove the files written by transactions that rolled back. Called at the end of each
    request and each Celery task; a note whose callback is still waiting for a commit (a
    transaction still open, as in a test) is kept. Returns how many files went."""
    pending = _pending()
    if not pending:
        return 0
    connection = connections[DEFAULT_DB_ALIAS]
    waiting = {id(entry[1]) for entry in connection.run_on_commit}
    removed = 0
    for (storage, name), callback in list(pending.items()):
        if id(callback) in waiting:
            continue
        del pending[(storage, name)]
        storage.delete(name)
        removed += 1
    return removed


# --- Files of deleted rows ----------------------------------------------------------------------


def file_fields(model) -> list[FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, FileField)]


def is_history(model) -> bool:
    """A django-simple-history model: its rows name files that belong to the live rows."""
    return hasattr(model, "instance_type") or model._meta.model_name.startswith("historical")


def delete_files_after_commit(sender, instance, **_kwargs) -> None:
    """``post_delete`` of a model with file fields: its files go once the deletion commits,
    unless another row of the model still names the same file."""
    for field in file_fields(sender):
        name = getattr(instance, field.attname)
        name = getattr(name, "name", name)
        if not name:
            continue
        storage = field.storage

        def delete(field=field, name=name, storage=storage):
            if not sender._default_manager.filter(**{field.attname: name}).exists():
                storage.delete(name)

        transaction.on_commit(delete, robust=True)


def connect(apps) -> None:
    """Connect ``delete_files_after_commit`` to every model with a file field, and the clean-up
    of rolled-back files to the end of requests and Celery tasks."""
    from celery.signals import task_postrun
    from django.core.signals import request_finished
    from django.db.models.signals import post_delete

    for model in apps.get_models():
        if file_fields(model) and not is_history(model):
            post_delete.connect(
                delete_files_after_commit, sender=model, dispatch_uid=f"storage.delete.{model._meta.label}"
            )
    request_finished.connect(remove_rolled_back_files, dispatch_uid="storage.rolled_back.request")
    task_postrun.connect(remove_rolled_back_files, dispatch_uid="storage.rolled_back.task", weak=False)


# --- Orphans ------------------------------------------------------------------------------------


def walk(storage, top: str = ""):
    """Every file name under ``top`` in ``storage``, through the storage API only."""
    try:
        directories, files = storage.listdir(top)
    except FileNotFoundError:  # a local media folder not made yet: nothing in it
        return
    for name in files:
        yield f"{top}/{name}" if top else name
    for directory in directories:
        yield from walk(storage, f"{top}/{directory}" if top else directory)


def referenced_names(apps, storage) -> set[str]:
    """The names every row of every model (history included: an old version's file stays
    until its row goes) holds in a file field stored in ``storage``."""
    names = set()
    for model in apps.get_models():
        for field in file_fields(model):
            if field.storage.__class__ is not storage.__class__:
                continue
            names.update(model._default_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True))
    return {os.path.normpath(name) for name in names if name}


@dataclasses.dataclass
class Cleanup:
    #: (name, size) of each orphan removed (or, in a dry run, that would be).
    orphans: list[tuple[str, int]]
    bytes: int
    #: Unreferenced files younger than the threshold: perhaps being uploaded right now.
    kept_recent: int
    referenced: int


def cleanup_media(*, older_than_hours: float = 24, dry_run: bool = False, storage=None) -> Cleanup:
    """Remove (or list) the files of ``storage`` (the default storage) that no row names and
    that were last written more than ``older_than_hours`` ago."""
    from django.apps import apps
    from django.core.files.storage import default_storage
    from django.utils import timezone

    storage = storage or default_storage
    cutoff = timezone.now() - datetime.timedelta(hours=older_than_hours)
    referenced = referenced_names(apps, storage)
    orphans, kept_recent, in_use, total = [], 0, 0, 0
    for name in sorted(walk(storage)):
        if os.path.normpath(name) in referenced:
            in_use += 1
            continue
        if storage.get_modified_time(name) > cutoff:
            kept_recent += 1
            continue
        size = storage.size(name)
        if not dry_run:
            storage.delete(name)
        orphans.append((name, size))
        total += size
    return Cleanup(orphans, total, kept_recent, in_use)
