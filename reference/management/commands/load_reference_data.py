from django.core.management.base import BaseCommand

from reference.services import reference_data_load


class Command(BaseCommand):
    help = "Load regional groups, States, instruments, parties, mechanisms and bodies from the reference-data files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help=(
                "Overwrite existing rows from the files (by default they are kept as edited in the admin) "
                "and remove the parties the files no longer list, unless a country review stands on them."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Run the load with --update in a transaction that is rolled back; print what would change.",
        )

    def handle(self, *args, update=False, dry_run=False, verbosity=1, **options):
        report = reference_data_load(update=update or dry_run, dry_run=dry_run)
        if dry_run or verbosity > 1:
            for line in report.changes:
                self.stdout.write(line)
        for line in report.kept:
            self.stdout.write(self.style.WARNING(f"! {line}"))
        prefix = "Reference data (dry run, nothing saved)" if dry_run else "Reference data"
        self.stdout.write(f"{prefix}: {report}")
