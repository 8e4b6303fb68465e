from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # AppConfig.ready: the registrations import models, which exist only once apps are loaded.
        from notifications.registrations import register

        register()
