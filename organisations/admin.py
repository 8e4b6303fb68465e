from django.contrib import admin

from organisations.models import (
    Department,
    Division,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    Recommender,
)


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "city", "kind", "order")
    list_filter = ("city",)
    ordering = ("order", "code")


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    raw_id_fields = ("user",)
    readonly_fields = ("joined_at",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "division", "industry_section", "size", "created_at")
    list_filter = ("division", "industry_section", "ownership", "size")
    search_fields = ("name", "credit_code", "contact_name")
    readonly_fields = ("created_at",)
    inlines = [MembershipInline]


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "is_admin", "joined_at")
    search_fields = ("user__username", "organisation__name", "organisation__credit_code")
    raw_id_fields = ("user", "organisation")


@admin.register(Recommender)
class RecommenderAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "division", "industry_sections")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(OrganisationInvitation)
class OrganisationInvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made and used through the portal (the token is never
    stored, only its hash)."""

    list_display = (
        "email",
        "organisation",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    )
    exclude = ("token_hash",)
    readonly_fields = (
        "organisation",
        "email",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
    )

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
