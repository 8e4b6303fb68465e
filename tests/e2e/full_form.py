"""Browser helpers for the full application form (申报表)."""

from __future__ import annotations

from playwright.sync_api import Page

from applications.enums import ComplianceDeclaration
from applications.form_data import form_years, scheme_categories
from awards.models import Round


def fill_full_form(page: Page, round: Round) -> None:
    """Fill the whole form (申报表) on the dossier page: the financial table, a GB/T 19001
    certificate, the excellence model, the safety level, every Art. 13(6) declaration and the
    self-assessment of each category."""
    for i, year in enumerate(form_years(round)):
        page.fill(f"#id_fin_{year}_revenue", str(12000 + 1000 * i))
        page.fill(f"#id_fin_{year}_profit", "860.5")
        page.fill(f"#id_fin_{year}_tax", "600")
        page.fill(f"#id_fin_{year}_assets", "30000")
    page.select_option("#id_cert_0_standard", "gbt19001")
    page.fill("#id_cert_0_number", "00121Q35678R2M")
    page.fill("#id_cert_0_issuer", "中国质量认证中心")
    page.fill("#id_cert_0_issued_on", "2018-03-01")
    page.fill("#id_cert_0_expires_on", "2030-02-28")
    page.fill("#id_excellence_model_since", "2019-01-01")
    page.select_option("#id_safety_level", "2")
    page.fill("#id_honours", "江西省质量标杆企业")
    for index, _value in enumerate(ComplianceDeclaration.values):
        page.check(f"#id_compliance_declarations_{index}")
    for code, name in scheme_categories(round):
        page.fill(f"#id_sa_{code.replace('.', '_')}", f"{name}：方法、展开、学习、整合。")
