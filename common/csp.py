"""django-csp's middleware with the policy's text built once per process (and again when the
settings change in a test), not on every response: the portal's policy is fixed
(settings.CONTENT_SECURITY_POLICY: no nonce, no per-view change), and building it from the
settings was a tenth of the cost of a logged-in request to a trivial view.

A response whose view changed the policy (django-csp's decorators) or a request that asked for
a nonce is handled by django-csp itself, exactly as before."""

from __future__ import annotations

import functools
import http.client

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

# What django-csp's decorators set on a response to change its policy.
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
# (header, report only, the response's exemption, the setting naming excluded prefixes)
_HEADERS = (
    (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
    (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
)


@functools.cache
def _policy(report_only: bool) -> tuple[str, tuple[str, ...]]:
    """The header's text from the settings and the path prefixes it leaves out."""
    configured = getattr(settings, _HEADERS[report_only][3], None) or {}
    prefixes = tuple(configured.get("EXCLUDE_URL_PREFIXES", None) or ())
    return build_policy(report_only=report_only), prefixes


@receiver(setting_changed)
def _settings_changed(setting: str, **kwargs: object) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policy.cache_clear()


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        debug_codes = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
        if response.status_code in debug_codes and settings.DEBUG:
            return response  # as django-csp: Django's debug pages carry inline script
        for header, report_only, exempt, _setting in _HEADERS:
            policy, prefixes = _policy(report_only)
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(prefixes)
            ):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written is an error.
        setattr(request, "csp_nonce", CheckableLazyObject(self._csp_nonce_post_response))  # noqa: B010
        return response
