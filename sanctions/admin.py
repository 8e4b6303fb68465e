"""Read-only admin views: every change goes through the sanctions' services (R14)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sanctions.models import BanNotice, FraudRecovery, Incident


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = [
        "receipt_number",
        "grant",
        "programme",
        "named_organisation",
        "certificate_number",
        "source",
        "kind",
        "status",
        "received_at",
    ]


@admin.register(BanNotice)
class BanNoticeAdmin(ReadOnlyAdmin):
    list_display = ["ban", "body", "sent_on", "reference"]


@admin.register(FraudRecovery)
class FraudRecoveryAdmin(ReadOnlyAdmin):
    list_display = ["revocation", "amount_due", "recovered_amount", "recovered_on"]
