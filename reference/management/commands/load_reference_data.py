from django.core.management.base import BaseCommand

from reference.services import reference_data_load


class Command(BaseCommand):
    help = "Load regional groups, States, instruments, parties, mechanisms and bodies from the reference-data files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite existing rows from the files (by default they are kept as edited in the admin).",
        )

    def handle(self, *args, update=False, **options):
        report = reference_data_load(update=update)
        self.stdout.write(f"Reference data: {report}")
