"""Reads of API keys, and what a key reads beyond the existing selectors."""

from __future__ import annotations

import hmac

from django.db.models import QuerySet

from accounts.enums import Role
from accounts.models import ProgrammeRole
from api.enums import KeyScope
from api.keys import prefix_of, secret_sha256
from api.models import ApiKey
from applications.models import Consultation
from applications.selectors.application import consultations_for_liaison
from awards.models import AwardProgramme, ConfidentialityCommitment
from awards.selectors import public_rounds
from grants.models import AwardGrant
from sanctions.models import Incident
from sanctions.selectors.incidents import liaison_incidents, reportable_grants


def programme_keys(programme: AwardProgramme) -> QuerySet[ApiKey]:
    """The programme's keys, newest first, revoked and expired ones included (the record)."""
    return ApiKey.objects.filter(programme=programme).select_related(
        "department", "acts_as", "created_by", "revoked_by"
    )


def programme_key(programme: AwardProgramme, pk: int) -> ApiKey | None:
    return programme_keys(programme).filter(pk=pk).first()


def liaison_roles(programme: AwardProgramme) -> QuerySet[ProgrammeRole]:
    """The programme's active department liaisons, whose rights a department key may carry."""
    return (
        ProgrammeRole.objects.filter(
            programme=programme,
            role=Role.LIAISON,
            active=True,
            department__isnull=False,
            user__is_active=True,
        )
        .select_related("user", "department")
        .order_by("department__name", "user__username")
    )


def key_for_secret(raw_key: str) -> ApiKey | None:
    """The key a presented secret belongs to (usable or not), or None. Found by its public
    prefix, then compared in constant time."""
    prefix = prefix_of(raw_key)
    if prefix is None:
        return None
    key = (
        ApiKey.objects.select_related("acts_as", "programme", "department")
        .filter(prefix=prefix)
        .first()
    )
    if key is None or not hmac.compare_digest(key.secret_sha256, secret_sha256(raw_key)):
        return None
    return key


def public_programmes() -> QuerySet[AwardProgramme]:
    """The programmes with a round whose call notice is public (awards.public_rounds)."""
    return AwardProgramme.objects.filter(pk__in=public_rounds().values("programme_id")).order_by(
        "pk"
    )


def department_consultations(key: ApiKey) -> QuerySet[Consultation]:
    """Art. 17: what the key's liaison sees on its pages, narrowed to the key's programme and
    department, in rounds whose confidentiality commitment the liaison has signed (R12: the
    page asks for the signature before it shows a consultation; a system cannot sign)."""
    if key.scope != KeyScope.DEPARTMENT or key.department_id is None:
        return Consultation.objects.none()
    signed = ConfidentialityCommitment.objects.filter(user_id=key.acts_as_id).values("round_id")
    return (
        consultations_for_liaison(key.acts_as)
        .filter(
            department_id=key.department_id,
            application__round__programme_id=key.programme_id,
            application__round_id__in=signed,
        )
        .order_by("-sent_at", "-pk")
    )


def department_incidents(key: ApiKey) -> QuerySet[Incident]:
    """Art. 29: the reports the key's liaison made (its page's list), in the key's programme
    and for the key's department."""
    if key.scope != KeyScope.DEPARTMENT or key.department_id is None:
        return Incident.objects.none()
    return liaison_incidents(key.acts_as).filter(
        grant__round__programme_id=key.programme_id, department_id=key.department_id
    )


def reportable_grant(key: ApiKey, grant_id: int) -> AwardGrant | None:
    """R11: a winner of the key's programme whose award is still valid, or None."""
    return reportable_grants([key.programme_id]).filter(pk=grant_id).first()
