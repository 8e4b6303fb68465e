"""Screening in the current round, on top of demo.rounds.load_demo: a department consulted
about the submitted organisations in one batch, a supplement requested from one of them, and
one pre-award fraud disqualification (R8) whose bar decision is pending. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from applications.enums import ApplicationStatus
from applications.models import Consultation, SupplementRequest
from applications.selectors.application import users_of_organisation
from applications.services.application import (
    disqualify_application,
    request_supplement,
    send_consultation,
    send_consultation_batch,
)
from awards.models import Round
from demo.clock import at, clock, story_year
from demo.dossiers import dossier, paper_recommendation, submit
from organisations.models import Department, Organisation
from sanctions.models import FraudBarCase


def load_screening_demo() -> str:
    round = Round.objects.filter(
        programme__slug="ganzhou-mayor", title=f"{story_year(2026)}年度赣州市市长质量奖"
    ).first()
    if round is None:
        return "Load the demo first."
    office = User.objects.filter(
        programme_roles__role=Role.OFFICE, programme_roles__programme=round.programme
    ).first()
    submitted = list(round.applications.filter(status=ApplicationStatus.SUBMITTED).order_by("pk"))
    if office is None or not submitted:
        return "Nothing to add."
    added: list[str] = []
    ecology = Department.objects.get(code="ecology")
    if not Consultation.objects.filter(application__round=round, department=ecology).exists():
        send_consultation_batch(
            submitted,
            actor=office,
            department=ecology,
            question="请核查该组织近三年有无环境违法行为和环境污染责任事故。",
            due_on=timezone.localdate() + timedelta(days=14),
        )
        added.append("a batch consultation")
    # The demo liaison's department is asked about one of them, so the liaison has a reply to
    # write (the first submitted dossier stays free of it: the permission matrix's "other").
    tax = Department.objects.get(code="tax")
    if len(submitted) > 1 and not submitted[1].consultations.filter(department=tax).exists():
        send_consultation(
            submitted[1],
            actor=office,
            department=tax,
            question="请提供该组织近三年纳税信用等级，并核查有无重大税收违法失信记录。",
            due_on=timezone.localdate() + timedelta(days=10),
        )
        added.append("a consultation for the liaison")
    if not SupplementRequest.objects.filter(application__round=round).exists():
        request_supplement(
            submitted[0],
            actor=office,
            what="请补充近三年安全生产标准化达标证书的扫描件。",
            due_at=timezone.now() + timedelta(days=10),
        )
        added.append("a supplement request")
    fraud = _fraud_disqualification(round, office)
    if fraud:
        added.append(f"{fraud} disqualified for fraud, its bar decision pending")
    if not added:
        return "Screening demo already loaded."
    return f"Screening demo loaded: {'; '.join(added)}."


# R8 / Art. 28: the organisation whose 2026 dossier turns out to hold a forged certificate.
FRAUD_ORGANISATION = "中交赣州城市建设有限公司"


@transaction.atomic
def _fraud_disqualification(round: Round, office: User) -> str:
    """R8: fraud found at screening. 中交赣州城市建设 (not selected for site review in 2024)
    applies again; the issuing body confirms that the safety-standardisation certificate in
    its dossier was never issued: the office disqualifies the application for fraud, which
    opens the bar decision (sanctions.services.fraud_bars), left pending for the office to propose."""
    if FraudBarCase.objects.filter(application__round=round).exists():
        return ""
    org = Organisation.objects.filter(name=FRAUD_ORGANISATION).first()
    user = users_of_organisation(org.pk).first() if org else None
    if org is None or user is None or round.applications.filter(organisation=org).exists():
        return ""
    with clock(at(2026, 11, 21)):
        app = dossier(round, org, user, None)
        if not app.recommended_at:
            paper_recommendation(app)
        app = submit(app, user)
    with clock(at(2026, 11, 26, 15)):
        disqualify_application(
            app,
            actor=office,
            reason="经向发证机关（江西省应急管理厅）核实，申报材料所附安全生产标准化二级"
            "证书编号不存在，系伪造证书，属弄虚作假（办法第二十八条）。",
            fraud=True,
        )
    return org.name
