"""Admin for rounds and their data. Stages and approvals change only through the services
(R1, R14): here they are read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from awards.models import (
    AwardProgramme,
    ConfidentialityCommitment,
    PublicationOutlet,
    Round,
    ScoringCategory,
    ScoringItem,
    ScoringScheme,
)


@admin.register(AwardProgramme)
class AwardProgrammeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "awarding_body",
        "guided_by",
        "round_interval_years",
        "validity_years",
    ]


class ScoringItemInline(admin.TabularInline):
    model = ScoringItem
    extra = 0


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "total_points"]


@admin.register(ScoringCategory)
class ScoringCategoryAdmin(admin.ModelAdmin):
    list_display = ["scheme", "code", "name", "order"]
    list_filter = ["scheme"]
    inlines = [ScoringItemInline]


class PublicationOutletInline(admin.TabularInline):
    model = PublicationOutlet
    extra = 0

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "programme",
        "year",
        "stage",
        "applications_close_at",
        "rules_approved_at",
    ]
    list_filter = ["programme", "stage"]
    # The office runs rounds in the portal; these change only through services.
    readonly_fields = [
        "stage",
        "call_published_at",
        "window_closed_at",
        "rules_approved_at",
        "rules_approved_by",
        "created_at",
    ]
    inlines = [PublicationOutletInline]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ConfidentialityCommitment)
class ConfidentialityCommitmentAdmin(admin.ModelAdmin):
    list_display = ["round", "user", "signed_at", "ip_address"]
    list_filter = ["round"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
