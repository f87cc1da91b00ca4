from django.core.management.base import BaseCommand

from reviews.services.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Create the demonstration data and one account per role (idempotent)."

    def handle(self, *args, **options):
        result = demo_seed()
        self.stdout.write(self.style.SUCCESS(f"Demo data: {result.summary}"))
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account in result.accounts:
            self.stdout.write(f"  {account.username:<14} {account.description}")
        self.stdout.write("")
