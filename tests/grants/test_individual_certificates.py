"""An individual award's winner (R4 / R15, PIPL): the approval grants the person the
individual award's money as the round's rules set it, and the certificate names the person
with employer and position, never the national ID number."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.certificates import certificate_context, render_certificate_html
from grants.models import AwardGrant
from tests.applications.individual import NUMBER
from tests.grants.individual import approved_round

pytestmark = pytest.mark.django_db


def test_the_person_gets_the_individual_award_and_a_certificate_naming_them(client) -> None:  # type: ignore[no-untyped-def]
    round, organisation_app, person = approved_round()
    grant = AwardGrant.objects.get(application=person)
    assert grant.amount == Decimal("10000")
    assert not grant.is_repeat
    assert "-GR-001-" in grant.certificate.number
    context = certificate_context(grant.certificate)
    assert context["organisation_name"] == "李质量"
    assert context["employer"] == f"{person.organisation.name}　首席质量官"
    assert context["award_wording"] == f"荣获{round.year}年度南昌市市长质量奖（个人）"
    html = render_certificate_html(grant.certificate)
    assert "李质量" in html and NUMBER not in html
    assert person.nominee.national_id_masked not in html
    # The organisation's own prize keeps its money, wording and numbering.
    organisation_grant = AwardGrant.objects.get(application=organisation_app)
    assert organisation_grant.amount == Decimal("500000")
    assert "-ZL-001-" in organisation_grant.certificate.number
    organisation_context = certificate_context(organisation_grant.certificate)
    assert organisation_context["organisation_name"] == organisation_app.organisation.name
    assert organisation_context["employer"] == ""
    # The public pages name the person with the employer, never the number.
    label = f"李质量（{person.organisation.name}）"
    for url in (
        reverse("grants:winners"),
        reverse("grants:round_winners", args=[round.pk]),
        reverse("grants:verify_number", args=[grant.certificate.number]),
    ):
        page = client.get(url).content.decode()
        assert label in page, url
        assert "南昌市市长质量奖（个人）" in page, url
        assert NUMBER not in page and person.nominee.national_id_masked not in page, url
