"""Art. 17: the consultation letter (征求意见函) to one department about the round's
applicants it was asked about, drafted as an editable Word document (python-docx).

The letter is an official Chinese document: its wording is Chinese whatever the user's
interface language, like the application form (form_pdf)."""

from __future__ import annotations

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from accounts.permissions import AnyUser
from applications.enums import ConsultationResult
from applications.models import Consultation
from applications.selectors.application import applications_for_office
from awards.models import Round
from common.official_docx import OfficialDocument, official_date
from organisations.models import Department


def round_consultations(user: AnyUser, round: Round) -> QuerySet[Consultation]:
    """The round's consultations the user sees as office staff."""
    return Consultation.objects.filter(
        application__in=applications_for_office(user, round)
    ).select_related("department", "application__organisation__division")


def consulted_departments(user: AnyUser, round: Round) -> list[dict[str, object]]:
    """Each department consulted in the round: how many organisations, the earliest reply
    date, how many are still unanswered. One query."""
    rows = (
        round_consultations(user, round)
        .values("department_id", "department__name")
        .annotate(
            organisations=Count("pk"),
            due_on=Min("due_on"),
            pending=Count("pk", filter=Q(result=ConsultationResult.PENDING)),
        )
        .order_by("department__name")
    )
    return list(rows)


def consultation_letter(user: AnyUser, round: Round, department: Department) -> bytes:
    """The letter to ``department``: the request, the reply date, a table of the
    organisations with their credit code, county and the question, and the office's close."""
    consultations = list(
        round_consultations(user, round)
        .filter(department=department)
        .order_by("application__organisation__name", "pk")
    )
    dues = [c.due_on for c in consultations if c.due_on]
    due = min(dues) if dues else None
    programme = round.programme

    letter = OfficialDocument(
        title=f"关于征求{round.title}申报组织有关情况意见的函", addressee=department.name
    )
    due_text = f"{official_date(due)}前" if due else "尽快"
    letter.paragraph(
        f"根据《{programme.name}管理办法》第十七条的规定，现将{round.title}申报组织名单"
        f"（共{len(consultations)}家，见附件）送上，请贵单位协助核查各组织近三年在贵单位职责"
        f"范围内是否存在不良记录（如有，请注明具体情况），并于{due_text}将加盖公章的书面意见"
        "反馈我办，也可由贵单位联络员登录评审平台逐一答复或上传答复表。"
    )
    letter.paragraph("特此函达。")
    letter.attachments(["申报组织名单"])
    letter.sign(programme.office_name, timezone.localdate())
    letter.attachment_page(
        "附件",
        "申报组织名单",
        ("序号", "组织名称", "统一社会信用代码", "所在县（市、区）", "征求事项"),
        [
            (
                str(n),
                consultation.application.organisation.name,
                consultation.application.organisation.credit_code,
                consultation.application.organisation.division.name,
                consultation.question,
            )
            for n, consultation in enumerate(consultations, 1)
        ],
        widths=(1.4, 4.1, 4.8, 2.6, 3.1),
    )
    return letter.to_bytes()
