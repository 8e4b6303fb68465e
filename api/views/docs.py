"""The OpenAPI schema and its reference page (Swagger UI from drf-spectacular-sidecar's static
files: nothing from a CDN; the page's script is a separate file, as the CSP requires)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class Schema(SpectacularAPIView):
    authentication_classes: list[type] = []


class Reference(SpectacularSwaggerSplitView):
    authentication_classes: list[type] = []
    url_name = "api:schema"
    template_name = "api/swagger_ui.html"
    title = _("API reference")
