from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("Deliberation and publicity")

    def ready(self) -> None:
        # AppConfig.ready: the registrations import models, which exist only once apps are loaded.
        from publicity.registrations import register

        register()
