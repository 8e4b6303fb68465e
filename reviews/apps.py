from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Expert review")

    def ready(self) -> None:
        # An expert leaving the pool (disqualified, or its agency disqualified) loses its
        # assignments: the pool is a lower layer and asks through its registry.
        from experts.departures import on_expert_leaving
        from reviews.services.review import withdraw_assignments_of_expert

        on_expert_leaving(withdraw_assignments_of_expert)
