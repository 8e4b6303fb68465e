"""The filled application form (申报表) as a PDF to print, sign and seal (R13).

Rendered like every PDF of the portal (common.documents): Django's autoescaping template and
WeasyPrint with the deny-by-default fetcher, so a name holding HTML or a URL prints as text
and nothing is fetched. The sealed scan comes back as an attachment of kind "form".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.permissions import AnyUser, is_office_of
from applications.form_data import current_form_data, form_display
from applications.models import Application
from applications.permissions.application import is_applicant_of
from applications.services.application import declaration_text
from awards.permissions import has_signed_commitment
from common.built_documents import DocumentKind, DocumentSource
from common.documents import chinese_date
from organisations.services import REGISTRATION_FIELDS

# The dossier's own text fields, in the order of the form.
FORM_TEXT_FIELDS = ("main_products", "quality_summary", "self_assessment")


def can_download_form_pdf(user: AnyUser, application: Application) -> bool:
    """The organisation's own users; the programme's office once it signed the commitment
    (R12). Everyone else gets a 404."""
    if not user.is_authenticated:
        return False
    if is_applicant_of(user, application):
        return True
    return is_office_of(user, application.round.programme_id) and has_signed_commitment(
        user, application.round
    )


def _label(model_instance: Any, name: str) -> str:
    return str(model_instance._meta.get_field(name).verbose_name)


def _value(instance: Any, name: str) -> str:
    display = getattr(instance, f"get_{name}_display", None)
    value = display() if display else getattr(instance, name)
    if value is None or value == "":
        return ""
    if hasattr(value, "year") and hasattr(value, "day"):
        return chinese_date(value)
    return str(value)


def form_context(application: Application, printed_at: datetime | None = None) -> dict[str, Any]:
    """What the form prints; ``printed_at`` None leaves the moment of printing blank (the
    content key of the stored PDF leaves it out: common.built_documents)."""
    organisation = application.organisation
    saved_at = application.last_saved_at or application.updated_at
    return {
        "font_family": settings.CERTIFICATE_FONT_FAMILY,
        "title": f"{application.round.title} 申报表",
        "organisation_rows": [
            (_label(organisation, name), _value(organisation, name)) for name in REGISTRATION_FIELDS
        ],
        "sector": application.get_sector_display(),
        "dossier_rows": [
            (_label(application, name), getattr(application, name) or "")
            for name in FORM_TEXT_FIELDS
        ],
        "priority_tags": application.priority_tags,
        "full_form": form_display(
            current_form_data(application), application.round, application.scheme_in_use_id
        ),
        "recommender": str(application.recommender) if application.recommender_id else "",
        "declaration": declaration_text(),
        "revision": application.dossier_revision,
        "printed_at": timezone.localtime(printed_at).strftime("%Y-%m-%d %H:%M")
        if printed_at
        else "",
        "saved_at": timezone.localtime(saved_at).strftime("%Y-%m-%d %H:%M") if saved_at else "",
    }


def render_form_html(application: Application, printed_at: datetime | None = None) -> str:
    """In Chinese: the form is the official paper the organisation signs and seals."""
    with translation.override("zh-hans"):
        return render_to_string(
            "applications/application_form_pdf.html", form_context(application, printed_at)
        )


def form_file_name(application: Application) -> str:
    return f"{application.round.title}-申报表-{application.organisation.name}.pdf"


def application_for_form_pdf(pk: int) -> Application | None:
    """The application with everything the form prints (organisation, round, recommender)."""
    return (
        Application.objects.select_related(
            "round__programme", "organisation__division", "recommender", "last_saved_by"
        )
        .filter(pk=pk)
        .first()
    )


def form_source(pk: int, printed_at: datetime | None) -> DocumentSource | None:
    application = application_for_form_pdf(pk)
    if application is None:
        return None
    return DocumentSource(
        html=render_form_html(application, printed_at), file_name=form_file_name(application)
    )


# Built in the background and kept until the dossier (or anything the form prints) changes.
FORM_PDF = DocumentKind(
    name="applications.form",
    title=_("Application form (PDF)"),
    source=form_source,
    stamped=True,
)
