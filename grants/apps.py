from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Awards granted and monitoring")

    def ready(self) -> None:
        # AppConfig.ready: the registrations import models, which exist only once apps are loaded.
        from grants.registrations import register

        register()
