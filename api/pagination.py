"""Pages of 50 rows (the office's list pages show as many), up to 200 on request."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int:
        """A page or page size that is not a whole number in range is refused (400), not
        ignored."""
        page = request.query_params.get(self.page_query_param)
        if page is not None and not (page.isdigit() and int(page) >= 1):
            raise ValidationError({self.page_query_param: [_("Give a whole number from 1.")]})
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [_("Give a whole number from 1 to 200.")]}
            )
        return int(raw)

    def get_schema_operation_parameters(self, view: object) -> list[dict[str, Any]]:
        """The schema says what is accepted: pages from 1, page sizes from 1 to 200."""
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters
