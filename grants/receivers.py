"""Who hears that a certificate is ready (``notifications.hooks``, connected in
``grants.registrations``): its PDF was stored for the first time."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from applications.receivers import notify_organisation
from grants.models import Certificate
from notifications.hooks import guarded


def _certificate_ready(certificate_id: int) -> None:
    certificate = Certificate.objects.select_related(
        "grant__organisation", "grant__round__programme"
    ).get(pk=certificate_id)
    grant = certificate.grant
    notify_organisation(
        "certificate_ready",
        grant,
        reverse("grants:certificate_download", args=[grant.pk]),
        number=certificate.number,
        year=grant.round.year,
    )


def on_certificate_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """R15: the PDF was stored (``render_certificate_pdf`` saves ``file``) for the first time."""
    update_fields = kwargs.get("update_fields") or ()
    if "file" in update_fields and instance.file:
        guarded("certificate_ready", lambda: _certificate_ready(instance.pk))
