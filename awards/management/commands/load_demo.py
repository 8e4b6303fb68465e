from django.core.management.base import BaseCommand

from awards.demo import load_demo


class Command(BaseCommand):
    help = "Load a believable demo (idempotent): organisations, experts, one user per role, rounds."

    def handle(self, *args: object, **options: object) -> None:
        summary = load_demo()
        self.stdout.write(self.style.SUCCESS(summary))
