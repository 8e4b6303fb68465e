from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from decisionlog.moved import register_former_label


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Expert pool")

    def ready(self) -> None:
        # These models lived in the reviews app until the pool became an app of its own; the
        # decision log keeps the label their older rows were written under.
        for model in self.get_models():
            register_former_label(model._meta.label, f"reviews.{model.__name__}")
