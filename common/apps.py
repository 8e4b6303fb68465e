from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Helpers every app may use: the bottom layer, importing no other project app."""

    name = "common"
    verbose_name = "Common"
