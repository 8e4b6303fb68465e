"""Filters of the API's lists (django-filter)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

#: The largest id or year a filter takes (a larger one overflows the database's integer).
LARGEST = 2**31 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": LARGEST})
class WholeNumberFilter(django_filters.NumberFilter):
    """An id or a year: a whole number from 1 (django-filter's NumberFilter takes 0.5, and a
    number too large for the database's integer is a server error)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST)
        super().__init__(*args, **kwargs)


class KnownParametersOnly(DjangoFilterBackend):
    """A query parameter the endpoint does not know is refused (400), so that a misspelt
    filter never answers with every row."""

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        known = {"page", "page_size"}
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        errors = {
            name: [_("This endpoint has no such parameter.")]
            for name in sorted(set(request.query_params) - known)
        }
        errors.update(
            {
                name: [_("Give a value, or leave the parameter out.")]
                for name, values in request.query_params.lists()
                if name in known and "" in values
            }
        )
        if errors:
            raise ValidationError(errors)
        return super().filter_queryset(request, queryset, view)


# R2: a sector bucket's code as awards.buckets writes it (lower-case letters, digits, hyphens).
SECTOR_CODE_PATTERN = r"^[a-z][a-z0-9-]{0,19}$"
SECTOR_HELP = (
    "A sector bucket code of the round's rules (or, without a round, of the programme's rules "
    "and its rounds'), e.g. manufacturing, service, construction. An unknown code is refused "
    "(400) with the list of valid codes. / 行业组别代码；未知代码返回 400 并列出有效代码。"
)


@extend_schema_field(
    {
        "type": "string",
        "minLength": 1,
        "pattern": SECTOR_CODE_PATTERN,
        "description": SECTOR_HELP,
    }
)
class SectorBucketFilter(django_filters.CharFilter):
    """A sector bucket's code (which codes are valid is data: the rules' buckets)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", SECTOR_HELP)
        super().__init__(*args, **kwargs)


class SectorBucketFilterSet(django_filters.FilterSet):
    """R2: a list with a ``sector`` filter taking any sector bucket code of the rules in
    question (``valid_sector_codes``); an unknown code is refused (400) with the valid ones."""

    sector = SectorBucketFilter()

    def valid_sector_codes(self) -> list[str]:
        raise NotImplementedError

    def filter_queryset(self, queryset: Any) -> Any:
        sector = self.form.cleaned_data.get("sector")
        if sector:
            codes = self.valid_sector_codes()
            if sector not in codes:
                raise ValidationError(
                    {
                        "sector": [
                            _("Unknown sector bucket “%(code)s”; the valid codes are: %(codes)s.")
                            % {"code": sector, "codes": ", ".join(codes)}
                        ]
                    }
                )
        return super().filter_queryset(queryset)
