"""Adverse records that arrived after the eligibility decision (R5 / Art. 13(6), 17): which are
still unresolved, and the refusal every step forward gives while one is."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import AdverseRecordStatus
from applications.models import AdverseRecord, Application
from decisionlog.workflow import DomainError

# Art. 13(6): the conditions an adverse record touches; Art. 17: the departments consulted.
ADVERSE_ARTICLES = (13, 17)
# How much of the record's details a refusal quotes.
DETAILS_QUOTED = 60


def adverse_records_of(application: Application) -> list[AdverseRecord]:
    """Every adverse record received about the application after its eligibility decision."""
    return list(application.adverse_records.select_related("resolved_by"))


def unresolved_adverse_records(application_ids: Iterable[int]) -> QuerySet[AdverseRecord]:
    """The records still awaiting the office's review among these applications, oldest first."""
    return (
        AdverseRecord.objects.filter(
            application_id__in=list(application_ids), status=AdverseRecordStatus.UNRESOLVED
        )
        .select_related("application__organisation")
        .order_by("received_at", "pk")
    )


def with_adverse_flag(applications: QuerySet[Application]) -> QuerySet[Application]:
    """The applications annotated ``adverse_unresolved``: an adverse record received after
    the eligibility decision awaits the office's review (in the same query)."""
    return applications.annotate(
        adverse_unresolved=Exists(
            AdverseRecord.objects.filter(
                application=OuterRef("pk"), status=AdverseRecordStatus.UNRESOLVED
            )
        )
    )


def describe(record: AdverseRecord) -> str:
    """The record as a refusal names it: who reported it, when, and what (shortened)."""
    details = record.details.strip()
    if len(details) > DETAILS_QUOTED:
        details = details[:DETAILS_QUOTED] + "…"
    return _("%(who)s, received %(when)s: %(details)s") % {
        "who": record.reported_by,
        "when": timezone.localtime(record.received_at).strftime("%Y-%m-%d"),
        "details": details,
    }


def check_no_unresolved_adverse_records(application_ids: Iterable[int]) -> None:
    """R5: refuse while any of these applications has an adverse record the office has not yet
    reviewed (waived with a reason, or disqualified the application), naming each."""
    records = list(unresolved_adverse_records(application_ids))
    if not records:
        return
    named = "; ".join(
        _("%(org)s (%(record)s)")
        % {"org": record.application.organisation.name, "record": describe(record)}
        for record in records
    )
    raise DomainError(
        _(
            "An adverse record received after the eligibility decision is not yet resolved: "
            "%(records)s. The office first records why it does not apply, or disqualifies "
            "the application."
        )
        % {"records": named},
        rule="R5",
        articles=ADVERSE_ARTICLES,
    )
