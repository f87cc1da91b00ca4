"""``manage.py cleanup_media [--dry-run] [--older-than HOURS]``: the files in the media storage
that no row names (a process killed between writing a file and recording it, a render killed
while writing its ``.part`` file, a deletion whose clean-up did not run), older than a day by
default, listed and removed. Runs weekly from Celery beat (``reviewmech.cleanup_media``)."""

from django.core.management.base import BaseCommand

from reviewmech.storage import cleanup_media


class Command(BaseCommand):
    help = "List and remove the media files that no row names (orphans), older than a day."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the orphans, remove nothing.")
        parser.add_argument(
            "--older-than",
            type=float,
            default=24,
            metavar="HOURS",
            help="Only files last written at least this many hours ago (default 24): a file being "
            "uploaded right now is not an orphan yet.",
        )

    def handle(self, *args, dry_run=False, older_than=24, **options):
        result = cleanup_media(older_than_hours=older_than, dry_run=dry_run)
        for name, size in result.orphans:
            self.stdout.write(f"{'would remove' if dry_run else 'removed'}\t{size}\t{name}")
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(
            f"{verb} {len(result.orphans)} orphan file(s), {result.bytes} bytes; "
            f"{result.kept_recent} recent unreferenced file(s) kept; {result.referenced} file(s) in use."
        )
