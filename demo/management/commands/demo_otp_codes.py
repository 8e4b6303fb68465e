from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.second_factor import enforced
from demo.second_factor import DEMO_TOTP_HEX, DEMO_TOTP_SECRET, current_demo_code


class Command(BaseCommand):
    help = "Print the demo authenticator's key and its current code (demo data only)."

    def handle(self, *args: object, **options: object) -> None:
        if not enforced():
            self.stdout.write("Two-step verification is off (OTP_ENFORCED=False).")
            return
        users = list(
            TOTPDevice.objects.filter(key=DEMO_TOTP_HEX, confirmed=True)
            .order_by("user__username")
            .values_list("user__username", flat=True)
        )
        if not users:
            self.stdout.write("No demo authenticators (run load_demo first).")
            return
        self.stdout.write(
            f"Two-step verification for {', '.join(users)}: add the key {DEMO_TOTP_SECRET} to "
            f"an authenticator app, or use the current code {current_demo_code()} "
            "(valid about 30 s; run `manage.py demo_otp_codes` again for the next)."
        )
