"""Factories for the full application form (申报表)."""

from __future__ import annotations

from typing import Any

import factory

from demo.dossiers import sample_form_data
from tests.factories import ApplicationFactory


def _sample(name: str) -> Any:
    return factory.LazyAttribute(lambda a: sample_form_data(a.round)[name])


class FullFormApplicationFactory(ApplicationFactory):
    """A draft whose whole form (申报表) is filled in: three years of figures, a GB/T 19001
    certificate, safety level, every Art. 13(6) declaration and each self-assessment category.
    Any of these can be passed to override it."""

    financials = _sample("financials")
    certificates = _sample("certificates")
    excellence_model_since = _sample("excellence_model_since")
    safety_level = _sample("safety_level")
    honours = _sample("honours")
    compliance_declarations = _sample("compliance_declarations")
    self_assessment_sections = _sample("self_assessment_sections")
