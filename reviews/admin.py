"""Read-only admin views of what the review services write: assignments give an expert its
applications, declarations are R12 decisions and scores are the experts' own (nobody else
enters or changes them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from common.admin import ReadOnlyAdmin
from reviews.models import (
    Assignment,
    AssignmentDraw,
    CategoryFeedback,
    ConflictDeclaration,
    ItemScore,
    Review,
    ReviewGroup,
    SiteVisit,
)


@admin.register(ReviewGroup)
class ReviewGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "round", "sector", "leader")
    list_filter = ("round", "sector")
    search_fields = ("name", "leader__name", "members__name")
    autocomplete_fields = ("leader",)
    filter_horizontal = ("members",)
    list_select_related = ("round", "leader")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    """Assign and withdraw on the round's review page (services write the decision log)."""

    list_display = ("expert", "application", "group", "assigned_at", "assigned_by", "withdrawn_at")
    list_filter = ("application__round", ("withdrawn_at", admin.EmptyFieldListFilter))
    search_fields = ("expert__name", "application__organisation__name")
    list_select_related = ("expert", "application__organisation", "application__round", "group")


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ("expert", "application", "has_conflict", "kind", "source", "declared_at")
    list_filter = ("has_conflict", "kind", "source", "application__round")
    search_fields = ("expert__name", "application__organisation__name", "note")
    list_select_related = ("expert", "application__organisation", "application__round")


class ItemScoreInline(admin.TabularInline):
    model = ItemScore
    fields = ("item", "percent", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CategoryFeedbackInline(admin.StackedInline):
    model = CategoryFeedback
    fields = ("category", "strengths", "opportunities")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    """An expert's scores: nobody but the expert enters or changes them (R-roles)."""

    list_display = ("application", "expert", "stage", "status", "total", "submitted_at")
    list_filter = ("stage", "status", "application__round")
    search_fields = ("expert__name", "application__organisation__name")
    list_select_related = ("expert", "application__organisation", "application__round")
    inlines = (ItemScoreInline, CategoryFeedbackInline)


@admin.register(AssignmentDraw)
class AssignmentDrawAdmin(ReadOnlyAdmin):
    list_display = ("pk", "round", "method", "seed", "per_application", "status", "created_at")
    list_filter = ("method", "status")


@admin.register(SiteVisit)
class SiteVisitAdmin(ReadOnlyAdmin):
    list_display = ("application", "starts_on", "ends_on", "updated_at")
