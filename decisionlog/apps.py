from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionlogConfig(AppConfig):
    name = "decisionlog"
    verbose_name = _("Decision log")
