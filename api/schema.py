"""How the OpenAPI schema describes the API: the key as a bearer token, and the error bodies
every operation may answer with (api.errors)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from api.authentication import DepartmentKey, OfficeKey


class KeyScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Authorization: Bearer gqa_<prefix>_<secret>（办公室签发的接口密钥）",
        }


class FieldErrors(serializers.Serializer[Any]):
    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class Error(serializers.Serializer[Any]):
    code = serializers.CharField()
    detail = serializers.CharField()


class PortalAutoSchema(AutoSchema):
    """Adds the error responses: 400 (a bad filter or body) and 404 everywhere, 429 on public
    operations, 401/403 on keyed ones, 409 (a rule refused it) on writes."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        bodies: dict[str, Any] = super()._get_response_bodies(direction=direction)
        keyed = any(
            isinstance(permission, (OfficeKey, DepartmentKey))
            for permission in self.view.get_permissions()
        )
        errors: dict[str, Any] = {"400": FieldErrors, "404": Error}
        if keyed:
            errors.update({"401": Error, "403": Error})
        else:
            errors["429"] = Error
        if self.method in ("POST", "PUT", "PATCH"):
            errors["409"] = Error
        for code, serializer in errors.items():
            bodies.setdefault(
                code, self._get_response_for_code(serializer, code, direction=direction)
            )
        return bodies


# Text sent to the API may hold any character but NUL, which Django's fields refuse (PostgreSQL
# cannot store it): the schema says so, so that a client (and Schemathesis) knows it.
NO_NUL = "^[^\\x00]*$"


def text_without_nul(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: every free-text property of a request body gets
    the pattern ``NO_NUL``."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request"):
            continue
        for prop in component.get("properties", {}).values():
            if prop.get("type") == "string" and not {"format", "enum", "pattern"} & prop.keys():
                prop["pattern"] = NO_NUL
    return result
