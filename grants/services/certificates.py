"""Every write about certificate PDFs (R15): queueing, the worker's claim, the result, a
failure after the task's retries, and the office's request to render again.

The render itself (WeasyPrint, seconds) runs outside any transaction: a short transaction
claims the certificate (RENDERING, with the time and an attempt number), the PDF is rendered
and stored, and another short transaction records the file if the claim is still this run's.
On SQLite a transaction held across the render would lock every other writer out.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from accounts.permissions import is_office_of
from applications.selectors.office import office_users_of_programme
from awards.models import Round
from common.documents import render_pdf
from decisionlog.services import record_decision
from decisionlog.workflow import DomainError
from grants.certificates import certificate_file_name, render_certificate_html
from grants.enums import CertificateRender
from grants.models import Certificate
from grants.tasks import render_certificate
from notifications.services import notify

#: A claim older than this is taken to be dead (its worker was killed: the task's hard time
#: limit is 120 s) and may be claimed again.
STALE_AFTER = timedelta(seconds=getattr(settings, "CERTIFICATE_STALE_SECONDS", 300))

FIELDS = ["render_state", "render_attempts", "render_claimed_at", "render_task_id", "render_error"]


def queue_render(certificate_ids: list[int]) -> None:
    """Queue the render task for each certificate once the caller's transaction commits."""
    for pk in certificate_ids:
        transaction.on_commit(partial(render_certificate.delay, pk))


def _has_file(certificate: Certificate) -> bool:
    return bool(certificate.file) and certificate.file.storage.exists(certificate.file.name)


def claim_render(certificate_id: int, task_id: str = "") -> Certificate | None:
    """Take the certificate's render for this run, in a short transaction. None when there is
    nothing to do: no such certificate, its file exists, or another run holds a live claim.

    A claim is live for ``STALE_AFTER``, except against the same task's message delivered again
    (``task_id``): with late acknowledgement that only happens when the worker running it died,
    so the claim is taken over at once."""
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().filter(pk=certificate_id).first()
        if locked is None:
            return None
        if _has_file(locked):
            if locked.render_state != CertificateRender.DONE:
                locked.render_state = CertificateRender.DONE
                locked.save(update_fields=["render_state"])
            return None
        now = timezone.now()
        if (
            locked.render_state == CertificateRender.RENDERING
            and locked.render_claimed_at is not None
            and now - locked.render_claimed_at < STALE_AFTER
            and not (task_id and locked.render_task_id == task_id)
        ):
            return None
        locked.render_state = CertificateRender.RENDERING
        locked.render_claimed_at = now
        locked.render_task_id = task_id
        locked.render_attempts += 1
        locked.save(update_fields=FIELDS)
    return locked


def render_certificate_pdf(certificate: Certificate, task_id: str = "") -> bool:
    """R15: render the certificate PDF once, under its fixed name ``certificates/<number>.pdf``.

    Idempotent: when the file exists, or another run is rendering it, nothing happens
    (returns False). The render and the storing of the file run outside any transaction; a
    file left by a run that failed before recording it is overwritten, never duplicated.
    """
    claimed = claim_render(certificate.pk, task_id)
    if claimed is None:
        return False
    full = Certificate.objects.select_related(
        "grant__organisation", "grant__round__programme", "grant__approval"
    ).get(pk=claimed.pk)
    pdf = render_pdf(render_certificate_html(full))
    name = certificate_file_name(full)
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(pdf))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=claimed.pk)
        if (
            locked.render_state != CertificateRender.RENDERING
            or locked.render_attempts != claimed.render_attempts
        ):
            # Another run took the claim over (this one was thought dead): it records the file.
            return False
        locked.file.name = saved
        locked.generated_at = timezone.now()
        locked.render_state = CertificateRender.DONE
        locked.render_claimed_at = None
        locked.render_task_id = ""
        locked.render_error = ""
        locked.save(update_fields=["file", "generated_at", *FIELDS])
    certificate.file.name = saved
    certificate.generated_at = locked.generated_at
    certificate.render_state = locked.render_state
    return True


def release_render(certificate_id: int, error: str) -> None:
    """A failed attempt the task will retry: back in the queue, with the error kept."""
    Certificate.objects.filter(pk=certificate_id, render_state=CertificateRender.RENDERING).update(
        render_state=CertificateRender.QUEUED, render_claimed_at=None, render_error=error[:2000]
    )


def fail_render(certificate_id: int, error: str) -> bool:
    """The render still failed after the task's retries: the office sees it on the round's
    page, with the error, and may ask for it again; its users get a message (once per
    failure). Returns True if this call marked it failed."""
    with transaction.atomic():
        marked = (
            Certificate.objects.filter(pk=certificate_id)
            .exclude(render_state__in=(CertificateRender.DONE, CertificateRender.FAILED))
            .update(
                render_state=CertificateRender.FAILED,
                render_claimed_at=None,
                render_error=error[:2000],
            )
        )
        if not marked:
            return False
        certificate = Certificate.objects.select_related(
            "grant__organisation", "grant__round__programme"
        ).get(pk=certificate_id)
        round = certificate.grant.round
        with override(settings.LANGUAGE_CODE):
            notify(
                office_users_of_programme(round.programme_id),
                subject=_("A certificate could not be rendered"),
                body=_(
                    "The certificate %(number)s of %(organisation)s could not be rendered, even "
                    "after several tries. The round's page shows the error; render it again "
                    "once the cause is fixed."
                )
                % {
                    "number": certificate.number,
                    "organisation": certificate.grant.organisation.name,
                },
                url=reverse("awards:round_detail", kwargs={"pk": round.pk}),
                programme_id=round.programme_id,
            )
    return True


def render_again(certificate: Certificate, *, actor: User) -> Certificate:
    """The office asks for a failed certificate to be rendered again.

    Preconditions: the actor is the office of the certificate's programme; the render failed.
    Side effects: FAILED -> QUEUED (the error is kept until a render succeeds); a
    ``certificate.render_again`` decision-log row; the render task queued after commit.
    """
    programme_id = certificate.grant.round.programme_id
    if not is_office_of(actor, programme_id):
        raise DomainError(_("Only the programme's office manages certificates."))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.render_state != CertificateRender.FAILED:
            raise DomainError(_("Only a certificate whose rendering failed is rendered again."))
        locked.render_state = CertificateRender.QUEUED
        locked.render_claimed_at = None
        locked.save(update_fields=FIELDS)
        record_decision(
            actor=actor,
            action="certificate.render_again",
            obj=locked,
            from_state=CertificateRender.FAILED,
            to_state=CertificateRender.QUEUED,
            round_id=certificate.grant.round_id,
            data={"number": locked.number, "error": locked.render_error[:500]},
        )
        queue_render([locked.pk])
    return locked


def requeue_missing_certificates(round: Round, *, actor: User) -> int:
    """Queue the render task for every certificate of the round without its file (after a
    worker outage). Rendering is idempotent, so a certificate queued twice renders once."""
    if not is_office_of(actor, round.programme_id):
        raise DomainError(_("Only the programme's office manages certificates."))
    ids = list(Certificate.objects.filter(grant__round=round, file="").values_list("pk", flat=True))
    with transaction.atomic():
        if ids:
            Certificate.objects.filter(pk__in=ids, render_state=CertificateRender.FAILED).update(
                render_state=CertificateRender.QUEUED
            )
            record_decision(
                actor=actor,
                action="certificates.requeue",
                obj=round,
                data={"certificate_ids": ids},
            )
        queue_render(ids)
    return len(ids)
