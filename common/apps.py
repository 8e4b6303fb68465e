from django.apps import AppConfig

# Connects the kept pages' watch to every new database connection (it imports no model).
from common import kept_pages  # noqa: F401


class CommonConfig(AppConfig):
    """Helpers every app may use: the bottom layer, importing no other project app."""

    name = "common"
    verbose_name = "Common"
