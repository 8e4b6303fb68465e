from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from decisionlog.moved import register_former_label


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = _("Monitoring of winners")

    def ready(self) -> None:
        # The annual reports and re-assessments lived in the grants app until the obligations
        # were joined here; the decision log keeps the label their older rows were written under.
        for model in (self.get_model("AnnualReport"), self.get_model("ReAssessment")):
            register_former_label(model._meta.label, f"grants.{model.__name__}")
        # AppConfig.ready: the registrations import models, which exist only once apps are loaded.
        from monitoring.registrations import register

        register()
