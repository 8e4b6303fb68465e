"""Objects the demo does not hold, built for the permission matrix so that every URL with an
id is asked about a real object of the role's own and another's, not only about an id no row
has.

Two of each kind: one in the mayor's programme (the mayor's office's and leading group's own,
the winner's own where it is the winner's) and one in the county programme (章贡区区长质量奖,
run by ``zg_office``: the mayor's office's "other"). Objects a single user reports or files
(an incident of the tax bureau's liaison, a winner's annual-report attachment) also get one
of another user.

The rows are written straight through the ORM where a service's preconditions (a round at
another stage, a grant within validity) would need a longer story than the demo tells: the
matrix asks who may reach an object, not how it came about. The 2022 winners' grants are moved
back into validity (the demo's expired in 2026) so that the monitoring pages act as they do for
a current winner.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", "{}")
    return buffer.getvalue()


def add_objects_beyond_the_demo(known: dict[str, Any]) -> dict[str, Any]:
    """Build the objects and return their ids under the world's keys (``known``: the ids
    world.build_world found in the demo)."""
    from accounts.models import User
    from applications.models import AdverseRecord, Application, Consultation, SupplementRequest
    from archives.models import RoundArchive
    from awards.enums import PrizeLevel
    from awards.models import AwardProgramme, HolidayCalendarDay, LeadingIndustry, Round
    from demo.clock import story_year
    from experts.models import ExpertProfile
    from experts.services.agency import create_agency, propose_agency_disqualification
    from experts.services.pool import propose_disqualification
    from grants.enums import BanReason, CertificateRender, GrantStatus
    from grants.models import ApprovalDecision, AwardGrant, Certificate
    from monitoring.enums import FundPurpose, FundReportStatus, ReportStatus, VisitStatus
    from monitoring.models import (
        AnnualReport,
        AnnualReportAttachment,
        FundUseCircular,
        FundUseItem,
        FundUseReport,
        ReAssessment,
        ReturnVisit,
    )
    from notifications.enums import DeliveryState
    from organisations.models import Department, OrganisationInvitation, ProgrammeInvitation
    from publicity.models import Objection, PublicityPeriod
    from reviews.services.draw import propose_draw
    from sanctions.enums import IncidentKind, IncidentSource, RevocationGround, RevocationStatus
    from sanctions.models import Ban, FraudBarCase, Incident, Revocation
    from webhooks.crypto import encrypt_secret
    from webhooks.models import WebhookDelivery, WebhookSubscription

    today = timezone.localdate()
    ids: dict[str, Any] = {}
    office = User.objects.get(username="office")
    county_office = User.objects.get(username="zg_office")
    liaison = User.objects.get(username="liaison")
    mayor = AwardProgramme.objects.get(slug="ganzhou-mayor")
    county = AwardProgramme.objects.get(slug="zhanggong-district")
    county_round = Round.objects.get(programme=county)

    # The 2022 winners are current again (see the module's docstring); the revoked stays so.
    AwardGrant.objects.filter(round__programme=mayor, status=GrantStatus.EXPIRED).update(
        status=GrantStatus.VALID, valid_until=today + timedelta(days=400)
    )
    winner_grant = AwardGrant.objects.get(organisation__memberships__user__username="org7")

    # --- the county's winner: approval, grant, annual report, revocation case, ban --------
    # Not the applicant's organisation (it applies in both programmes): another's winner.
    county_app = Application.objects.get(pk=known["app_county"])
    approval = ApprovalDecision.objects.create(
        round=county_round,
        approved_on=today - timedelta(days=30),
        meeting="区政府常务会议",
        document_number="章府字〔2026〕9号",
        recorded_by=county_office,
    )
    county_grant = AwardGrant.objects.create(
        round=county_round,
        application=county_app,
        organisation=county_app.organisation,
        approval=approval,
        level=PrizeLevel.PRIZE,
        approved_on=approval.approved_on,
        valid_until=approval.approved_on + timedelta(days=3 * 365),
        status=GrantStatus.VALID,
    )
    ids["approval_county"] = approval.pk
    ids["grant_county"] = county_grant.pk
    # Its certificate failed to render: the county office may render it again, no other.
    ids["certificate_county"] = Certificate.objects.create(
        grant=county_grant,
        number="ZG-2026-SEC-0001",
        render_state=CertificateRender.FAILED,
        render_error="安全测试：生成失败",
    ).pk
    ids["certificate_winner"] = (
        Certificate.objects.filter(grant=winner_grant).values_list("pk", flat=True).first()
    )
    county_report = AnnualReport.objects.create(
        grant=county_grant, year=today.year, due_on=today + timedelta(days=60)
    )
    ids["report_county"] = county_report.pk
    # Decided (the award revoked): a bar follows only a decided case.
    county_case = Revocation.objects.create(
        grant=county_grant,
        ground=RevocationGround.FRAUD,
        evidence="安全测试：区里的撤销案",
        proposed_by=county_office,
        status=RevocationStatus.REVOKED,
        decided_on=today,
        document_number="章府字〔2026〕10号",
    )
    AwardGrant.objects.filter(pk=county_grant.pk).update(status=GrantStatus.REVOKED)
    ids["revocation_county"] = county_case.pk
    ids["ban_county"] = Ban.objects.create(
        organisation=county_app.organisation,
        programme=county_app.round.programme,
        reason=BanReason.FRAUD,
        starts_on=today,
        ends_on=today + timedelta(days=3650),
        revocation=county_case,
    ).pk

    # --- draws: the county's through the service (its round is in material review); the
    # mayor's 2024 round is past review, so its draw is the county's inputs replayed there.
    county_draw = propose_draw(
        county_round, actor=county_office, method="random", per_application=3
    )
    ids["draw_county"] = county_draw.pk
    mayor_round = Round.objects.get(programme=mayor, year=story_year(2024))
    ids["draw"] = (
        type(county_draw)
        .objects.create(
            round=mayor_round,
            method=county_draw.method,
            seed=county_draw.seed,
            per_application=county_draw.per_application,
            inputs=county_draw.inputs,
            result=county_draw.result,
            created_by=office,
        )
        .pk
    )

    # --- agencies and their disqualification proposals; an expert's proposal -------------
    for key, programme, actor in (("", mayor, office), ("_county", county, county_office)):
        agency = create_agency(
            programme, actor=actor, values={"name": f"评审机构{key or '_mayor'}"}
        )
        ids[f"agency{key}"] = agency.pk
        ids[f"agency_disqualification{key}"] = propose_agency_disqualification(
            agency, programme, actor=actor, reason="安全测试：违反评审纪律"
        ).pk
    others = ExpertProfile.objects.exclude(user__username="expert1").order_by("pk")
    ids["expert_disqualification"] = propose_disqualification(
        others[0], mayor, actor=office, reason="安全测试：泄露评审信息"
    ).pk
    ids["expert_disqualification_county"] = propose_disqualification(
        others[1], county, actor=county_office, reason="安全测试：泄露评审信息"
    ).pk

    other_department = Department.objects.exclude(code="tax").order_by("pk").first()
    # --- incidents: the liaison's own, another department's, the county's ----------------
    for key, grant, source, dept, by in (
        ("incident_liaison", winner_grant, IncidentSource.DEPARTMENT, "tax", liaison),
        ("incident_other_liaison", winner_grant, IncidentSource.DEPARTMENT, "other", None),
        ("incident_county", county_grant, IncidentSource.OFFICE, None, county_office),
    ):
        department = (
            Department.objects.get(code="tax")
            if dept == "tax"
            else other_department
            if dept == "other"
            else None
        )
        ids[key] = Incident.objects.create(
            grant=grant,
            programme=grant.round.programme,
            source=source,
            kind=IncidentKind.PENALTY,
            description="安全测试：行政处罚",
            department=department,
            reported_by=by,
            receipt_number=f"SEC-{key}",
        ).pk

    # --- monitoring: re-assessments, visits, fund-use reports with evidence, circulars ---
    expert = ExpertProfile.objects.get(user__username="expert1")
    for key, grant, actor, programme in (
        ("", winner_grant, office, mayor),
        ("_county", county_grant, county_office, county),
    ):
        reassessment = ReAssessment.objects.create(
            grant=grant, scheduled_on=today + timedelta(days=30)
        )
        reassessment.team.add(expert)
        ids[f"reassessment{key}"] = reassessment.pk
        ids[f"visit{key}"] = ReturnVisit.objects.create(
            grant=grant,
            planned_on=today + timedelta(days=20),
            visitors="质量奖办公室",
            status=VisitStatus.PLANNED,
            planned_by=actor,
        ).pk
        report = FundUseReport.objects.create(grant=grant, status=FundReportStatus.SUBMITTED)
        ids[f"fund_report{key}"] = report.pk
        item = FundUseItem(
            report=report,
            purpose=FundPurpose.TRAINING,
            amount=Decimal("10000.00"),
            description="质量培训",
            evidence_name="发票.pdf",
            evidence_type="application/pdf",
            evidence_sha256="0" * 64,
            added_by=actor,
        )
        item.evidence.save("evidence.pdf", ContentFile(MINIMAL_PDF), save=False)
        item.save()
        ids[f"fund_item{key}"] = item.pk
        ids[f"circular{key}"] = FundUseCircular.objects.create(
            programme=programme, title="奖金使用情况通报", body="通报正文", published_by=actor
        ).pk

    # --- annual-report attachments: the winner's own and another winner's ------------------
    winner_report = AnnualReport.objects.filter(grant=winner_grant).order_by("pk").first()
    other_report = (
        AnnualReport.objects.filter(grant__round__programme=mayor)
        .exclude(grant=winner_grant)
        .order_by("pk")
        .first()
    )
    assert winner_report is not None and other_report is not None
    AnnualReport.objects.filter(pk__in=[winner_report.pk, other_report.pk]).update(
        status=ReportStatus.DUE
    )
    for key, report in (("winner", winner_report), ("other", other_report)):
        attachment = AnnualReportAttachment(
            report=report,
            original_name="年度报告附件.pdf",
            content_type="application/pdf",
            sha256="0" * 64,
            uploaded_by=office,
        )
        attachment.file.save("attachment.pdf", ContentFile(MINIMAL_PDF), save=False)
        attachment.save()
        ids[f"report_attachment_{key}"] = attachment.pk

    # --- supplement requests: the applicant's and another organisation's -----------------
    for key in ("applicant", "other_org"):
        ids[f"supplement_{key}"] = SupplementRequest.objects.create(
            application_id=known[f"app_{key}"],
            what="补充近三年纳税证明",
            due_at=timezone.now() + timedelta(days=5),
            requested_by=office,
        ).pk

    # --- adverse records after the eligibility decision (R5): the mayor's and the county's -
    for key in ("mayor", "county"):
        ids[f"adverse_{key}"] = AdverseRecord.objects.create(
            application_id=known[f"app_{key}"],
            source="consultation",
            reported_by="市税务局",
            details="行政处罚",
        ).pk

    # --- round archives ready to download ------------------------------------------------
    for key, round, actor in (("", mayor_round, office), ("_county", county_round, county_office)):
        archive = RoundArchive(round=round, requested_by=actor, state="ready")
        archive.file.save("round.zip", ContentFile(_zip_bytes()), save=False)
        archive.save()
        ids[f"archive{key}"] = archive.pk

    # --- what the county programme lacks for the office's "other" side -----------------
    other_department = Department.objects.exclude(code="tax").order_by("pk").first()
    ids["consultation_other"] = Consultation.objects.create(
        application_id=known["app_liaison"],
        department=other_department,
        question="请核实该单位近三年是否有重大违法记录",
        sent_by=office,
    ).pk
    ids["consultation_county"] = Consultation.objects.create(
        application=county_app,
        department=other_department,
        question="请核实该单位近三年是否有重大违法记录",
        sent_by=county_office,
    ).pk
    county_only = ExpertProfile.objects.create(name="区评审员", employer="章贡区质量协会")
    county_only.programmes.add(county)
    ids["expert_profile_other"] = county_only.pk
    # The county office's "other": a profile of the mayor's pool alone (expert1, the office's
    # own, is shared with the county, which may see it: tests/security/test_programme_boundaries.py).
    mayor_only = ExpertProfile.objects.create(name="市评审员", employer="赣州市质量协会")
    mayor_only.programmes.add(mayor)
    ids["expert_profile_mayor_only"] = mayor_only.pk
    period = PublicityPeriod.objects.create(
        round=county_round,
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=10),
        opened_by=county_office,
    )
    period.applications.add(county_app)
    ids["period_county"] = period.pk
    ids["objection_county"] = Objection.objects.create(
        publicity=period,
        application=county_app,
        grounds="安全测试：区里的异议",
        receipt_number="SEC-OBJ-COUNTY",
    ).pk

    # --- recommending units managed by one programme's office only, each with a user ------
    from accounts.enums import Role
    from accounts.models import ProgrammeRole
    from organisations.enums import RecommenderKind
    from organisations.models import Recommender

    for key, programme in (("", mayor), ("_county", county)):
        unit = Recommender.objects.create(
            name=f"安全测试行业协会{key}", kind=RecommenderKind.ASSOCIATION, industry_sections="C"
        )
        unit.programmes.add(programme)
        speaker = User.objects.create_user(username=f"sec_recommender{key}", password=None)
        ProgrammeRole.objects.create(
            user=speaker, programme=programme, role=Role.RECOMMENDER, recommender=unit
        )
        ids[f"recommender_unit{key}"] = unit.pk
        ids[f"recommender_unit_user{key}"] = speaker.pk

    # --- fraud found before an award (R8): a bar to decide, in each programme -----------
    mayor_ineligible = Application.objects.filter(round=mayor_round, status="ineligible").first()
    assert mayor_ineligible is not None
    ids["fraud_case_app"] = mayor_ineligible.pk
    FraudBarCase.objects.create(application=mayor_ineligible)
    county_other = (
        Application.objects.filter(round=county_round)
        .exclude(pk=county_app.pk)
        .exclude(organisation__memberships__user__username="applicant")
        .first()
    )
    assert county_other is not None
    ids["fraud_case_app_county"] = county_other.pk
    FraudBarCase.objects.create(application=county_other)
    # A day of each programme's holiday calendar (R1 / Art. 21).
    ids["calendar_day"] = HolidayCalendarDay.objects.create(
        programme=mayor, day=date(2030, 10, 1), kind="holiday", name="国庆节"
    ).pk
    ids["calendar_day_county"] = HolidayCalendarDay.objects.create(
        programme=county, day=date(2030, 10, 1), kind="holiday", name="国庆节"
    ).pk
    # An invitation not yet accepted to each programme's office (its inviter cancels or sends
    # it again).
    for key, programme in (
        ("programme_invitation", mayor),
        ("programme_invitation_county", county),
    ):
        ids[key] = ProgrammeInvitation.objects.create(
            programme=programme,
            role="office",
            email=f"{key}@example.gov.cn",
            token_hash=f"{key:0<64}"[:64],
            invited_by=office,
            expires_at=timezone.now() + timedelta(days=7),
        ).pk
    # A colleague's invitation not yet accepted into the applicant's organisation, the
    # winner's and another's (its administrator cancels or sends it again).
    members = User.objects.filter(organisation_membership__isnull=False).order_by("pk")
    applicant, winner = members.get(username="applicant"), members.get(username="org7")
    own = [u.organisation_membership.organisation_id for u in (applicant, winner)]
    for key, inviter in (
        ("colleague_invitation", applicant),
        ("colleague_invitation_winner", winner),
        (
            "colleague_invitation_other",
            members.exclude(organisation_membership__organisation__in=own)[0],
        ),
    ):
        ids[key] = OrganisationInvitation.objects.create(
            organisation=inviter.organisation_membership.organisation,
            email=f"{key}@example.cn",
            token_hash=f"{key:0<64}"[:64],
            invited_by=inviter,
            expires_at=timezone.now() + timedelta(days=7),
        ).pk
    # A leading industry of each programme's list (R6 / Art. 15).
    ids["leading_industry"] = LeadingIndustry.objects.create(
        programme=mayor, name="安全测试产业", industry_classes="C99"
    ).pk
    ids["leading_industry_county"] = LeadingIndustry.objects.create(
        programme=county, name="安全测试产业", industry_classes="C99"
    ).pk

    # --- a webhook subscription with a failed delivery, in each programme ----------------
    for key, programme, by in (("", mayor, office), ("_county", county, county_office)):
        subscription = WebhookSubscription.objects.create(
            programme=programme,
            name="安全测试接收系统",
            url="https://example.cn/hooks",
            events=["award.revoked"],
            secret_encrypted=encrypt_secret("whsec_security-matrix"),
            created_by=by,
        )
        ids[f"webhook{key}"] = subscription.pk
        ids[f"webhook_delivery{key}"] = WebhookDelivery.objects.create(
            subscription=subscription,
            event_id=f"evt_security{key}",
            event="award.revoked",
            payload={},
            state=DeliveryState.FAILED,
            attempts=8,
        ).pk

    # --- an API key issued by each programme's office ---------------------------------------
    from api.enums import KeyAccess, KeyScope
    from api.services import create_api_key

    for key, programme, issuer in (("", mayor, office), ("_county", county, county_office)):
        ids[f"api_key{key}"] = create_api_key(
            programme,
            actor=issuer,
            name=f"安全测试系统{key}",
            scope=KeyScope.OFFICE,
            access=KeyAccess.READ,
            expires_on=today + timedelta(days=30),
        ).key.pk

    # --- the annual work plans (Art. 11(3)): the demo's (the mayor's, approved) and a county
    # draft with a milestone and a research document; guidance (Art. 11(9)): the demo's (the
    # mayor's, to the county) and one of a third programme that guides neither ----------------
    from awards.models import (
        GuidanceDocument,
        WorkPlan,
        WorkPlanMilestone,
        WorkPlanResearchNote,
    )

    mayor_plan = WorkPlan.objects.get(programme=mayor)
    ids["work_plan"] = mayor_plan.pk
    ids["milestone"] = mayor_plan.milestones.order_by("pk").values_list("pk", flat=True)[0]
    ids["research"] = mayor_plan.research_notes.exclude(document="").values_list("pk", flat=True)[0]
    county_plan = WorkPlan.objects.create(
        programme=county, year=today.year, title="章贡区年度工作计划"
    )
    ids["work_plan_county"] = county_plan.pk
    ids["milestone_county"] = WorkPlanMilestone.objects.create(
        plan=county_plan, title="发布通知", due_on=today
    ).pk
    note = WorkPlanResearchNote(plan=county_plan, source="南康区", title="区长质量奖办法")
    note.document.save("upload.pdf", ContentFile(b"%PDF-1.4 county"), save=False)
    note.document_name = "办法.pdf"
    note.document_content_type = "application/pdf"
    note.save()
    ids["research_county"] = note.pk
    ids["guidance"] = GuidanceDocument.objects.get(programme=mayor).pk
    third = AwardProgramme.objects.create(
        name="瑞金市市长质量奖",
        slug="ruijin",
        awarding_body="瑞金市人民政府",
        office_name="瑞金市办",
    )
    ids["guidance_other"] = GuidanceDocument.objects.create(
        programme=third, title="瑞金市指导意见", text="参照执行", published_by=office
    ).pk
    return ids
