"""An individual nominee for the demo (R4 / Art. 8): a programme that awards people (南昌市
市长质量奖: 2 people, 10,000 yuan each, scored on 个人质量奖评分表) and the chief quality officer
an organisation nominates in its open round, with the dossier filled in and the signed form
attached. The national ID number is a made-up one with a valid check digit."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from applications.form_data import scheme_categories
from applications.models import Application
from applications.services import application as application_services
from applications.services.nominee import start_individual_application
from awards.models import Round
from awards.rulesets import INDIVIDUAL_SCHEME_CODE
from common.pii import id_check_character
from demo.dossiers import DEMO_PDF
from organisations.models import Organisation

# Made up: region 360102 (南昌市东湖区), born 1980-05-12; the check digit is computed.
DEMO_NATIONAL_ID_FIRST17 = "36010219800512431"

# 南昌's individual award (R4): what its office sets on the programme's rules page
# (demo/programmes.py), before the leading group approves the rules and a round opens.
INDIVIDUAL_AWARD_SETTINGS = {
    "accepts_individuals": True,
    "individual_name": "",
    "individual_places": 2,
    "individual_amount": 10000,
    "individual_scheme": INDIVIDUAL_SCHEME_CODE,
}


def individual_nominee_demo(round: Round, organisation: Organisation, user: User) -> Application:
    """``organisation`` (``user`` one of its people) nominates its chief quality officer in
    ``round`` (open for applications, its programme awarding individuals) and fills in the
    dossier on the individual scoring sheet's categories; left as a draft to submit."""
    number = DEMO_NATIONAL_ID_FIRST17 + id_check_character(DEMO_NATIONAL_ID_FIRST17)
    app = start_individual_application(
        round,
        organisation,
        actor=user,
        full_name="万质诚",
        position="首席质量官",
        phone="0791-86000000",
        email="cqo@example.cn",
        national_id=number,
        # R5 / Art. 8: with the company since 2012, in quality work since 2008.
        employed_since=date(2012, 4, 1),
        quality_work_since=date(2008, 7, 1),
    )
    sections = {
        code: f"{name}：牵头建立全面质量管理体系，推动质量改进项目，成效显著。"
        for code, name in scheme_categories(round, app.scheme_in_use_id)
    }
    application_services.update_dossier(
        app,
        actor=user,
        main_products="首席质量官，分管质量管理与标准化工作",
        quality_summary="主持质量管理体系建设十余年，带领团队获全国质量管理小组成果多项。",
        self_assessment="按个人质量奖评分表四个类目开展自评。",
        self_assessment_sections=sections,
    )
    application_services.add_attachment(
        app,
        actor=user,
        upload=SimpleUploadedFile(f"{organisation.name}个人质量奖推荐表（盖章）.pdf", DEMO_PDF),
        kind="form",
    )
    app.refresh_from_db()
    return app
