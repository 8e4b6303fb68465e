"""Error bodies of the API: ``{"code": ..., "detail": ...}`` plus ``"fields"`` for bad input,
in the portal's language (Chinese by default, English with the ``django_language=en`` cookie).
A refusal by a service (a DomainError) is a 409 citing the measures' article, as a page says
it; a rule id (R1-R15) never reaches the caller."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from common.errors import DomainError


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {field: _flatten(value) for field, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def handle_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(
            {"code": "refused", "detail": exc.user_message}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or _("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "detail": _("The request is not valid: see the fields."),
            "fields": _flatten(exc.detail),
        }
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {
            "code": codes if isinstance(codes, str) else "error",
            "detail": _flatten(exc.detail),
        }
    return response


@csrf_exempt
def not_found(request: HttpRequest) -> JsonResponse:
    """Any other address under /api/: a 404 in the API's own form, not the HTML page."""
    return JsonResponse({"code": "not_found", "detail": _("Not found.")}, status=404)
