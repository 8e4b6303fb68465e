"""The demo of the screening tools (a batch consultation, a supplement request) loads on top
of the main demo, once."""

from __future__ import annotations

import pytest

from applications.models import Consultation, SupplementRequest
from demo.rounds import load_demo
from demo.screening import load_screening_demo


@pytest.mark.django_db
def test_screening_demo_adds_a_batch_consultation_and_a_supplement_once() -> None:
    assert load_screening_demo() == "Load the demo first."
    load_demo()
    assert load_screening_demo() == (
        "Screening demo loaded: a batch consultation; a consultation for the liaison; "
        "a supplement request; "
        "中交赣州城市建设有限公司 disqualified for fraud, its bar decision pending."
    )
    assert SupplementRequest.objects.count() == 1
    consulted = Consultation.objects.filter(department__code="ecology").count()
    assert consulted >= 1
    assert load_screening_demo() == "Screening demo already loaded."
    assert SupplementRequest.objects.count() == 1
    assert Consultation.objects.filter(department__code="ecology").count() == consulted
