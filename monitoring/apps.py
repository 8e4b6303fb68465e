from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = _("Monitoring of winners")

    def ready(self) -> None:
        # AppConfig.ready: the registrations import models, which exist only once apps are loaded.
        from monitoring.registrations import register

        register()
