from django.core.management.base import BaseCommand

from applications.demo_screening import load_screening_demo
from awards.demo import load_demo
from grants.demo_records import load_records_demo
from monitoring.demo import load_monitoring_demo


class Command(BaseCommand):
    help = "Load a believable demo (idempotent): organisations, experts, one user per role, rounds."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(self.style.SUCCESS(load_demo()))
        # Each stage's extra demo data (screening, history and records, monitoring) builds on
        # the rounds above; every loader is idempotent and says what it did.
        for extra in (load_screening_demo, load_records_demo, load_monitoring_demo):
            self.stdout.write(f"{extra.__module__}: {extra()}")
