"""Read-only admin views: every change goes through grants.services.approval (R14)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from grants.models import (
    ApprovalDecision,
    AwardGrant,
    Certificate,
    HistoryImport,
    PastBan,
    PastWin,
    PlaqueIssue,
    PrizePayment,
    WinnersOutlet,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApprovalDecision)
class ApprovalDecisionAdmin(ReadOnlyAdmin):
    list_display = ["round", "approved_on", "meeting", "document_number"]


@admin.register(AwardGrant)
class AwardGrantAdmin(ReadOnlyAdmin):
    list_display = [
        "organisation",
        "round",
        "level",
        "amount",
        "is_repeat",
        "valid_until",
        "status",
    ]
    list_filter = ["level", "status", "round"]
    search_fields = ["organisation__name"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "grant", "generated_at"]
    search_fields = ["number", "grant__organisation__name"]


# Records after the approval and history (read-only: grants.services.records and
# grants.services.history_import write them).


@admin.register(PrizePayment)
class PrizePaymentAdmin(ReadOnlyAdmin):
    list_display = ["grant", "amount", "paid_on", "reference"]


@admin.register(PlaqueIssue)
class PlaqueIssueAdmin(ReadOnlyAdmin):
    list_display = ["grant", "kind", "issued_on", "received_by"]


@admin.register(WinnersOutlet)
class WinnersOutletAdmin(ReadOnlyAdmin):
    list_display = ["round", "outlet", "published_on"]


@admin.register(HistoryImport)
class HistoryImportAdmin(ReadOnlyAdmin):
    list_display = ["imported_at", "original_name", "wins", "bans"]


@admin.register(PastWin)
class PastWinAdmin(ReadOnlyAdmin):
    list_display = ["organisation_name", "credit_code", "programme", "round_year", "level"]
    search_fields = ["organisation_name", "credit_code"]


@admin.register(PastBan)
class PastBanAdmin(ReadOnlyAdmin):
    list_display = ["organisation_name", "credit_code", "reason", "measures", "ends_on"]
    search_fields = ["organisation_name", "credit_code"]
