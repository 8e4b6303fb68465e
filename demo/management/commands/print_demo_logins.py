from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.people import DEMO_PASSWORD, DEMO_USERS
from demo.programmes import PROGRAMME_USERS


class Command(BaseCommand):
    help = "Print the demo log-ins created by load_demo."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        for username, label, _role in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {label}")
        for username, label in PROGRAMME_USERS:
            self.stdout.write(f"  {username:<14} {label}")
        call_command("demo_otp_codes", stdout=self.stdout)
