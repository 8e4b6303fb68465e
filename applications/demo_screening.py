"""Demo data of issue 3's screening tools, on top of awards.demo.load_demo: in the
current round, a department consulted about the submitted organisations in one batch and a
supplement requested from one of them. Call after load_demo(); idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from awards.models import Round
from organisations.models import Department

from .enums import ApplicationStatus
from .models import Consultation, SupplementRequest
from .services import request_supplement, send_consultation_batch


def load_screening_demo() -> str:
    round = Round.objects.filter(title="2026年度赣州市市长质量奖").first()
    if round is None:
        return "Load the demo first."
    office = User.objects.filter(
        programme_roles__role=Role.OFFICE, programme_roles__programme=round.programme
    ).first()
    submitted = list(round.applications.filter(status=ApplicationStatus.SUBMITTED).order_by("pk"))
    if office is None or not submitted:
        return "Nothing to add."
    ecology = Department.objects.get(code="ecology")
    if not Consultation.objects.filter(application__round=round, department=ecology).exists():
        send_consultation_batch(
            submitted,
            actor=office,
            department=ecology,
            question="请核查该组织近三年有无环境违法行为和环境污染责任事故。",
            due_on=timezone.localdate() + timedelta(days=14),
        )
    if not SupplementRequest.objects.filter(application__round=round).exists():
        request_supplement(
            submitted[0],
            actor=office,
            what="请补充近三年安全生产标准化达标证书的扫描件。",
            due_at=timezone.now() + timedelta(days=10),
        )
    return "Issue 3 screening demo: a batch consultation and a supplement request."
