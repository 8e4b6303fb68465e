from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from decisionlog.moved import register_former_label


class SanctionsConfig(AppConfig):
    name = "sanctions"
    verbose_name = _("Sanctions: incidents, revocation and bans")

    def ready(self) -> None:
        # These models lived in the grants app until sanctions became an app of its own; the
        # decision log keeps the label their older rows were written under.
        for model in self.get_models():
            register_former_label(model._meta.label, f"grants.{model.__name__}")
        # AppConfig.ready: the registrations import models, which exist only once apps are loaded.
        from sanctions.registrations import register

        register()
