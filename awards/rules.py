"""Rules of the measures that concern rounds, as named functions with their rule ids."""

from __future__ import annotations

from django.utils.translation import gettext as _

from decisionlog.workflow import DomainError

from .models import AwardProgramme, Round


def check_round_interval(
    programme: AwardProgramme, year: int, *, exclude_pk: int | None = None
) -> None:
    """R1 / Art. 6: one round every two years per award."""
    interval = programme.round_interval_years
    nearby = Round.objects.filter(
        programme=programme, year__gt=year - interval, year__lt=year + interval
    )
    if exclude_pk is not None:
        nearby = nearby.exclude(pk=exclude_pk)
    clash = nearby.order_by("year").first()
    if clash is not None:
        raise DomainError(
            _(
                "%(programme)s holds one round every %(n)d years; the %(year)d round is too close "
                "to this one."
            )
            % {"programme": programme.name, "n": interval, "year": clash.year},
            rule="R1",
        )


def check_review_rules_approved(round: Round) -> None:
    """R1 / Art. 10: the leading group approves the review rules before review starts."""
    if not round.rules_approved:
        raise DomainError(
            _("The leading group has not yet approved this round's review rules."), rule="R1"
        )


def check_weights(round: Round) -> None:
    if round.material_weight + round.site_weight != 1:
        raise DomainError(_("The material and site review weights must add up to 1."), rule="R1")
