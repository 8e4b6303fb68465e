"""Admin for developers and support. Status, submitted versions, files and decisions are
read-only here: they change only through the services (R13, R14)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from applications.models import (
    Application,
    Attachment,
    Consultation,
    DossierVersion,
    EligibilityCheck,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("kind", "original_name", "content_type", "size", "is_secret", "uploaded_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "round", "status", "sector", "submitted_at")
    list_filter = ("round", "status", "sector")
    search_fields = ("organisation__name", "organisation__credit_code")
    inlines = [AttachmentInline]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "application", "kind", "size", "is_secret", "uploaded_at")
    list_filter = ("kind", "is_secret")
    search_fields = ("original_name", "application__organisation__name")


@admin.register(DossierVersion)
class DossierVersionAdmin(ReadOnlyAdmin):
    list_display = ("application", "number", "created_at", "created_by")
    search_fields = ("application__organisation__name",)


@admin.register(EligibilityCheck)
class EligibilityCheckAdmin(ReadOnlyAdmin):
    list_display = ("application", "condition", "met", "checked_by", "checked_at")
    list_filter = ("condition", "met")


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("application", "department", "result", "sent_at", "answered_at")
    list_filter = ("department", "result")
