"""Dossiers as organisations write them: a complete application form with its signed form
attached, recommended on the portal by the demo recommender or on paper by any other unit,
and submitted."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from applications.enums import ComplianceDeclaration, SafetyLevel
from applications.form_data import deadline_date, form_years, scheme_categories
from applications.models import Application
from applications.services import application as application_services
from awards import services as award_services
from awards.enums import CertificateStandard
from awards.models import Round
from decisionlog.services import record_decision
from organisations.models import Organisation, Recommender

# A real one-page PDF (it says it is a demo document): experts' downloads are watermarked, which
# needs a PDF that can be read.
DEMO_PDF = (Path(__file__).parent / "files" / "demo-document.pdf").read_bytes()


def sample_form_data(round: Round, *, profit: str = "860.00") -> dict[str, Any]:
    """A complete application form for ``round``: ``update_dossier(**sample_form_data(round))``
    (the demo and the tests)."""
    years = form_years(round)
    deadline = deadline_date(round)
    return {
        "financials": {
            str(year): {
                "revenue": f"{12000 + 1000 * i}.00",
                "profit": profit,
                "tax": f"{600 + 50 * i}.00",
                "assets": f"{30000 + 2000 * i}.00",
            }
            for i, year in enumerate(years)
        },
        "certificates": [
            {
                "standard": CertificateStandard.GBT19001.value,
                "number": "00121Q35678R2M",
                "issuer": "中国质量认证中心",
                "issued_on": date(deadline.year - 6, 3, 1).isoformat(),
                "expires_on": date(deadline.year + 1, 2, 28).isoformat(),
            }
        ],
        "excellence_model_since": date(deadline.year - 4, 1, 1),
        "safety_level": SafetyLevel.LEVEL_2.value,
        "honours": "江西省质量标杆企业",
        "compliance_declarations": list(ComplianceDeclaration.values),
        "self_assessment_sections": {
            code: f"{name}：方法、展开、学习、整合的自评说明。"
            for code, name in scheme_categories(round)
        },
    }


def _recommender_of(org: Organisation) -> Recommender:
    return Recommender.objects.filter(
        division=org.division, kind="county"
    ).first() or Recommender.objects.get(name="赣州市工业和信息化局")


def dossier(round: Round, org: Organisation, user: User, recommender: User | None) -> Application:
    """``org``'s dossier for ``round``, filled in by ``user`` with the signed form attached; one
    recommended by 章贡区人民政府 is recommended on the portal by ``recommender``."""
    app = application_services.start_application(round, org, actor=user)
    application_services.update_dossier(
        app,
        actor=user,
        main_products=f"{org.industry_class.split(' ', 1)[-1]}相关产品与服务",
        quality_summary="近三年推行卓越绩效管理模式，主要质量指标行业领先，获省级质量荣誉。",
        self_assessment="按 GB/T 19580 七大类目开展自评：领导、战略、顾客与市场、资源、过程管理、"
        "测量分析与改进、结果，自评得分 620 分。",
        tag_key_industry_leader=org.industry_section == "C",
        tag_digital_economy=org.industry_class.startswith(("C39", "J")),
        recommender=_recommender_of(org),
        **sample_form_data(round),
    )
    application_services.add_attachment(
        app,
        actor=user,
        upload=SimpleUploadedFile(f"{org.name}申报表（盖章）.pdf", DEMO_PDF),
        kind="form",
    )
    if recommender is not None and app.recommender and app.recommender.name == "章贡区人民政府":
        # Art. 31: the unit signs the round's commitment before it opens the dossier.
        award_services.sign_commitment(round, user=recommender)
        application_services.record_recommendation(
            app, actor=recommender, opinion="情况属实，同意推荐。", declaration=True
        )
    app.refresh_from_db()
    return app


def declare_non_profit(app: Application, user: User) -> Application:
    """Art. 13(4): ``app``'s organisation does non-profit work (a public hospital): it gives
    its social contribution with the evidence, and is checked on that, not on profits."""
    application_services.update_dossier(
        app,
        actor=user,
        non_profit=True,
        social_contribution="赣南地区区域医疗中心，承担全市急危重症救治、公共卫生应急和对口帮扶"
        "任务；近三年年均门急诊量居全省同级医院前列，牵头组建医联体覆盖18个县（市、区）。",
    )
    application_services.add_attachment(
        app,
        actor=user,
        upload=SimpleUploadedFile(f"{app.organisation.name}社会贡献证明材料.pdf", DEMO_PDF),
        kind="social_contribution",
    )
    app.refresh_from_db()
    return app


def submit(app: Application, user: User) -> Application:
    return application_services.submit_application(app, actor=user, declaration=True)


def paper_recommendation(app: Application) -> None:
    """A recommender without a portal account: its sealed letter is on file at the office."""
    Application.objects.filter(pk=app.pk).update(
        recommendation_opinion=f"（纸质推荐函，由{app.recommender}盖章）同意推荐。",
        recommended_at=timezone.now(),
    )
    record_decision(
        actor=None,
        action="application.recommend",
        obj=app,
        actor_label=f"{app.recommender}（纸质推荐函）",
        reason="同意推荐",
    )
