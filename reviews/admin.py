"""Admin for the expert pool (experts are created here until the pool UI exists) and read-only
views of what the review services write: assignments give an expert its applications,
declarations are R12 decisions and scores are the experts' own (nobody else enters or changes them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from reviews.models import (
    AgencyDisqualification,
    Assignment,
    AssignmentDraw,
    CategoryFeedback,
    ConflictDeclaration,
    ExpertDisqualification,
    ExpertProfile,
    ItemScore,
    Review,
    ReviewAgency,
    ReviewGroup,
    SiteVisit,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by reviews.services.review (with the decision log): shown, never edited."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "employer", "title", "specialties", "user", "active")
    list_filter = ("active", "programmes")
    search_fields = ("name", "employer", "employer_credit_code", "specialties", "industries")
    raw_id_fields = ("user",)
    filter_horizontal = ("programmes",)
    fieldsets = (
        (None, {"fields": ("user", "name", "title", "active", "programmes")}),
        (
            _("Employer (R12: an expert never reviews its employer)"),
            {"fields": ("employer", "employer_credit_code")},
        ),
        (
            _("Expertise"),
            {"fields": ("qualifications", "specialties", "industries", "region")},
        ),
        (_("Contact"), {"fields": ("phone", "email")}),
    )

    def save_model(self, request: HttpRequest, obj: ExpertProfile, form: Any, change: bool) -> None:
        obj.employer_credit_code = obj.employer_credit_code.strip().upper()
        super().save_model(request, obj, form, change)


@admin.register(ExpertDisqualification)
class ExpertDisqualificationAdmin(ReadOnlyAdmin):
    """Art. 32: proposed by the office and decided by the leading group in the portal."""

    list_display = ("expert", "programme", "proposed_at", "decision", "decided_at")
    list_filter = ("decision", "programme")
    search_fields = ("expert__name", "reason")


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


@admin.register(ReviewAgency)
class ReviewAgencyAdmin(ReadOnlyAdmin):
    list_display = ("name", "credit_code", "contract_until", "active")
    search_fields = ("name", "credit_code")


@admin.register(AgencyDisqualification)
class AgencyDisqualificationAdmin(ReadOnlyAdmin):
    list_display = ("agency", "programme", "decision", "proposed_at", "decided_at")
    list_filter = ("decision",)


@admin.register(SiteVisit)
class SiteVisitAdmin(ReadOnlyAdmin):
    list_display = ("application", "starts_on", "ends_on", "updated_at")
