from django.core.management.base import BaseCommand

from demo.clock import telling
from demo.integrations import load_integrations_demo
from demo.monitoring import load_monitoring_demo
from demo.programmes import load_programmes_demo
from demo.records import load_records_demo
from demo.rounds import drift_note, load_demo
from demo.screening import load_screening_demo


class Command(BaseCommand):
    help = (
        "Load a believable demo as of today (idempotent): organisations, experts, one user per "
        "role, rounds at every stage."
    )

    def handle(self, *args: object, **options: object) -> None:
        with telling():
            self.stdout.write(self.style.SUCCESS(load_demo()))
            # Screening, the records after the approval, the monitoring of winners and the
            # provincial system's subscription build on the rounds above; each loader is idempotent and says what it did.
            for extra in (
                load_screening_demo,
                load_records_demo,
                load_monitoring_demo,
                load_integrations_demo,
                load_programmes_demo,
            ):
                self.stdout.write(extra())
        note = drift_note()
        if note:
            self.stdout.write(self.style.WARNING(note))
