"""Art. 13(6) (R5 (6)): the declaration and the eligibility row say what the measures bar."""

from __future__ import annotations

from django.utils import translation

from applications.enums import ComplianceDeclaration, EligibilityCondition


def test_r5_art_13_6_labour_declaration_bars_the_significant_grade_not_only_serious() -> None:
    """Art. 13(6) reads “无较大劳动保障失信记录”: a record of the grade 较大 or worse bars the
    applicant, so the declaration must not say only 严重."""
    with translation.override("zh-hans"):
        label = str(ComplianceDeclaration.NO_LABOUR_DISHONESTY.label)
    assert "较大劳动保障失信记录" in label
    assert "严重" not in label


def test_r5_art_13_6_eligibility_row_names_the_article_not_only_serious_records() -> None:
    with translation.override("zh-hans"):
        label = str(EligibilityCondition.C6_INTEGRITY.label)
    assert label.startswith("（六）积极履行社会责任")
    assert "第十三条第（六）项" in label
    assert "重大事故" not in label
