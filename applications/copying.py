"""Start a dossier as a copy of the organisation's previous one.

The copy takes the dossier's text fields, the priority tags and the attachments, each
attachment as a new stored file under a new generated name (no file is ever shared between
applications), except the signed and sealed application form: it must be signed anew.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from applications.enums import AttachmentKind
from applications.form_data import form_years, scheme_categories
from applications.models import Application, Attachment
from applications.permissions.application import organisation_id_of
from applications.services.application import start_application
from awards.enums import NomineeKind
from awards.models import Round
from common.uploads import StoredFiles, removed_on_failure
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from organisations.models import Organisation

# What the copy takes from the earlier dossier; the recommending unit is chosen anew.
COPIED_FIELDS = (
    "main_products",
    "quality_summary",
    "self_assessment",
    "tag_sme_innovation",
    "tag_digital_economy",
    "tag_key_industry_leader",
    # The full form: certificates, the excellence model, safety level and honours carry over.
    "certificates",
    "excellence_model_since",
    "safety_level",
    "honours",
)
# Copied only where they fit the new round: the years of the financial table it shares with
# the earlier form, the self-assessment of the categories its scheme shares. The Art. 13(6)
# declarations are given anew for each round and never copied.
FITTED_FIELDS = ("financials", "self_assessment_sections", "secret_sections")


def fitted_values(source: Application, round: Round) -> dict[str, object]:
    years = {str(y) for y in form_years(round)}
    codes = {code for code, _name in scheme_categories(round)}
    return {
        "financials": {y: v for y, v in (source.financials or {}).items() if y in years},
        "self_assessment_sections": {
            c: t for c, t in (source.self_assessment_sections or {}).items() if c in codes
        },
        "secret_sections": [c for c in source.secret_sections or [] if c in codes],
    }


# The application form is signed and sealed for each round, never copied.
NOT_COPIED_KINDS = frozenset(
    {AttachmentKind.APPLICATION_FORM.value, AttachmentKind.RECOMMENDATION_LETTER.value}
)


def _copy_attachment(
    source: Attachment, target: Application, *, actor: User, stored: StoredFiles
) -> Attachment:
    """A new row (not saved yet) and a new stored file holding the same bytes (same sha256)."""
    with source.file.open("rb") as handle:
        data = handle.read()
    suffix = PurePosixPath(source.file.name).suffix.lower()[:10]
    copy = Attachment(
        application=target,
        kind=source.kind,
        original_name=source.original_name,
        content_type=source.content_type,
        size=source.size,
        sha256=source.sha256,
        is_secret=source.is_secret,
        uploaded_by=actor,
    )
    stored.store(copy.file, f"copy{suffix}", ContentFile(data))
    return copy


def start_application_from_copy(
    round: Round, organisation: Organisation, *, actor: User, source: Application
) -> Application:
    """Open a draft for ``round`` filled from the organisation's earlier dossier ``source``.

    Preconditions: those of :func:`applications.services.application.start_application` (the actor
    belongs to the organisation, the window is open (R1), the organisation is not barred (R8)
    nor within two rounds of a prize win (R7)); ``source`` is the organisation's own
    application to another round; the organisation has no application to ``round`` yet.
    Side effects, all or nothing: the draft (logged ``application.start``), its copied fields
    and priority tags, a new stored file and row per copied attachment (the signed
    application form is left out), and ``application.copy`` logged with what was copied. A
    failure deletes every file already written.
    """
    if organisation_id_of(actor) != organisation.pk or source.organisation_id != organisation.pk:
        raise DomainError(_("Only the organisation itself can copy its own dossier."))
    if source.round_id == round.pk:
        raise DomainError(_("Choose a dossier of an earlier round to copy."))
    written: list[Attachment] = []
    with removed_on_failure() as stored, transaction.atomic():
        if Application.objects.filter(
            round=round, organisation=organisation, nominee_kind=NomineeKind.ORGANISATION
        ).exists():
            raise DomainError(
                _("You already have an application to this round: open it to continue.")
            )
        application = start_application(round, organisation, actor=actor)
        for name in COPIED_FIELDS:
            setattr(application, name, getattr(source, name))
        for name, value in fitted_values(source, round).items():
            setattr(application, name, value)
        application.save(update_fields=[*COPIED_FIELDS, *FITTED_FIELDS, "updated_at"])
        for attachment in source.attachments.exclude(kind__in=NOT_COPIED_KINDS).order_by("pk"):
            copy = _copy_attachment(attachment, application, actor=actor, stored=stored)
            written.append(copy)
            copy.save()
        record_decision(
            actor=actor,
            action="application.copy",
            obj=application,
            data={
                "source_application": source.pk,
                "source_round": source.round_id,
                "fields": [*COPIED_FIELDS, *FITTED_FIELDS],
                "attachments": [
                    {"id": a.pk, "sha256": a.sha256, "name": a.original_name} for a in written
                ],
            },
        )
    return application
