"""Read-only admin views: every change goes through publicity.services.publicity (R14)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from publicity.models import (
    ListDecision,
    Objection,
    PlenaryDecision,
    PlenaryMeeting,
    PublicityPeriod,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PlenaryDecisionInline(admin.TabularInline):
    model = PlenaryDecision
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PlenaryMeeting)
class PlenaryMeetingAdmin(ReadOnlyAdmin):
    list_display = ["round", "held_on", "members_present", "members_total", "entered_on_behalf"]
    list_filter = ["round"]
    inlines = [PlenaryDecisionInline]


@admin.register(PublicityPeriod)
class PublicityPeriodAdmin(ReadOnlyAdmin):
    list_display = ["round", "starts_at", "ends_at", "closed_at"]
    list_filter = ["round"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["receipt_number", "application", "status", "received_at", "entered_by"]
    list_filter = ["status", "publicity__round"]
    search_fields = ["receipt_number"]


@admin.register(ListDecision)
class ListDecisionAdmin(ReadOnlyAdmin):
    list_display = ["round", "objection", "amended", "decided_at", "entered_on_behalf"]
    list_filter = ["round", "amended"]
