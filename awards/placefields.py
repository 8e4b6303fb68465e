"""R2 / Art. 6: the round form's fields for the places of each sector bucket at each level
(one field per bucket of the round's rules and level), read back as Round.bucket_places."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from awards.buckets import PLACE_LEVELS, SectorBucket, bucket_label, place_problems
from awards.enums import PrizeLevel
from common.measures import with_citation

# The round's total places of each level, beside which its buckets' fields stand.
LEVEL_TOTAL_FIELDS: dict[str, str] = {
    PrizeLevel.PRIZE.value: "prize_quota",
    PrizeLevel.NOMINATION.value: "nomination_quota",
}


def place_field_name(level: str, code: str) -> str:
    return f"places_{level}_{code}"


class BucketPlaceFields:
    """The place fields of one form: added to it, cleaned, and read back."""

    def __init__(
        self,
        form: forms.BaseForm,
        buckets: Sequence[SectorBucket],
        places: Mapping[str, Mapping[str, int]],
        *,
        disabled: bool,
    ) -> None:
        self.form = form
        self.buckets = tuple(buckets)
        for level in PLACE_LEVELS:
            for bucket in self.buckets:
                label = (
                    _("Prize places: %(bucket)s")
                    if level == PrizeLevel.PRIZE
                    else _("Nomination places: %(bucket)s")
                )
                form.fields[place_field_name(level, bucket.code)] = forms.IntegerField(
                    label=label % {"bucket": bucket_label(bucket)},
                    min_value=0,
                    initial=(places.get(level) or {}).get(bucket.code, bucket.places(level)),
                    disabled=disabled,
                    error_messages={
                        "min_value": with_citation(
                            _("A sector bucket's places are a whole number, 0 or more."),
                            "R2",
                            (6,),
                        )
                    },
                )

    def names(self, level: str) -> list[str]:
        """The level's total field followed by its buckets' fields, as the page groups them."""
        return [
            LEVEL_TOTAL_FIELDS[level],
            *(place_field_name(level, b.code) for b in self.buckets),
        ]

    @property
    def disabled(self) -> bool:
        return any(
            self.form.fields[place_field_name(level, b.code)].disabled
            for level in PLACE_LEVELS
            for b in self.buckets
        )

    def places(self, data: Mapping[str, Any]) -> dict[str, dict[str, int]] | None:
        """The places per level and bucket in ``data`` (None while a field is missing)."""
        places: dict[str, dict[str, int]] = {}
        for level in PLACE_LEVELS:
            places[level] = {}
            for bucket in self.buckets:
                value = data.get(place_field_name(level, bucket.code))
                if value is None:
                    return None
                places[level][bucket.code] = value
        return places

    def clean(self, data: Mapping[str, Any]) -> None:
        """R2 / Art. 6: each level's buckets add up to the level's places; a refusal stands on
        the level's last bucket field."""
        places = self.places(data)
        totals = [data.get(LEVEL_TOTAL_FIELDS[level]) for level in PLACE_LEVELS]
        if not self.buckets or places is None or None in totals:
            return
        problems = place_problems(
            self.buckets,
            places,
            prize_places=int(data[LEVEL_TOTAL_FIELDS[PrizeLevel.PRIZE]]),
            nomination_places=int(data[LEVEL_TOTAL_FIELDS[PrizeLevel.NOMINATION]]),
        )
        for level, message in problems:
            field = place_field_name(level or PLACE_LEVELS[0], self.buckets[-1].code)
            self.form.add_error(field, with_citation(message, "R2", (6,)))
