from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        # AppConfig.ready: importing them connects the login-time stamp, the cached user's
        # invalidation and adds the deploy checks.
        from accounts import backends, checks, middleware  # noqa: F401
