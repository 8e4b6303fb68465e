"""Read-only admin views: every change goes through grants.services (R14)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ApprovalDecision, AwardGrant, Certificate


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
