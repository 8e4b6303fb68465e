from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Expert review")

    def ready(self) -> None:
        # AppConfig.ready: the registrations import models, which exist only once apps are loaded.
        from reviews.registrations import register

        register()
