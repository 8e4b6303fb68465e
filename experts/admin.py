"""Admin for the expert pool: profiles are edited on the office's pool pages as well; agencies
and disqualifications are written only by the services (with the decision log)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdmin
from experts.models import (
    AgencyDisqualification,
    ExpertDisqualification,
    ExpertProfile,
    ReviewAgency,
)


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
            _("Employer (an expert never reviews its employer)"),
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


@admin.register(ReviewAgency)
class ReviewAgencyAdmin(ReadOnlyAdmin):
    list_display = ("name", "credit_code", "contract_until", "active")
    search_fields = ("name", "credit_code")


@admin.register(AgencyDisqualification)
class AgencyDisqualificationAdmin(ReadOnlyAdmin):
    list_display = ("agency", "programme", "decision", "proposed_at", "decided_at")
    list_filter = ("decision",)
