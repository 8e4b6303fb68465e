"""The lengths of the bars as programme rule settings (R8 / Art. 28, 30): the 2022 measures bar
for 10 years after fraud and 5 after a revocation; another programme sets 8 and 3. The bar
follows the rules of the round it concerns, the office sets the lengths on the rules page, and
a length is a whole number of years, at least one."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from applications.services.application import disqualify_application
from awards import services
from awards.models import AwardProgramme
from awards.rulesets import RuleSettings, round_rule_settings, rule_settings_snapshot
from decisionlog.workflow import DomainError
from grants.models import PastBan
from sanctions.documents import revocation_request_docx
from sanctions.enums import RevocationGround
from sanctions.models import Ban, FraudBarCase, Revocation
from sanctions.services.fraud_bars import propose_bar, record_bar_decision
from tests.awards.helpers import eligibility_round, signed, submitted_application
from tests.awards.views.test_programme_rules_pages import RULES
from tests.factories import leading_group_user, make_credit_code, office_user, programme
from tests.grants.test_history import ban_row, run_import, workbook
from tests.sanctions.test_follow_up import _text
from tests.sanctions.test_revocation import TODAY, open_case, revoke, valid_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _bars_of_8_and_3_years() -> AwardProgramme:
    """The programme's rules changed to bar 8 years after fraud and 3 after a revocation,
    approved by its leading group."""
    services.update_programme_rules(
        programme(),
        actor=office_user(),
        reason="参照他市办法",
        fraud_bar_years=8,
        revocation_bar_years=3,
    )
    return services.approve_programme_rules(programme(), actor=leading_group_user())


def test_the_2022_measures_bar_10_years_after_fraud_and_5_after_a_revocation() -> None:
    defaults = RuleSettings()
    assert (defaults.fraud_bar_years, defaults.revocation_bar_years) == (10, 5)
    fresh = programme()
    assert (fresh.fraud_bar_years, fresh.revocation_bar_years) == (10, 5)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("ground", "ends_on"),
    [(RevocationGround.FRAUD, date(2040, 3, 15)), (RevocationGround.TAX, date(2035, 3, 15))],
)
def test_a_programme_of_8_and_3_year_bars_bars_for_its_own_lengths(ground, ends_on) -> None:  # type: ignore[no-untyped-def]
    _bars_of_8_and_3_years()
    grant = valid_grant()
    revoke(grant, ground)
    assert Ban.objects.get(organisation=grant.organisation).ends_on == ends_on


@time_machine.travel(TODAY, tick=False)
def test_a_bar_follows_the_rules_its_round_ran_under() -> None:
    """A round that kept the 2022 measures' lengths bars for 5 years although the programme
    has since set 3."""
    grant = valid_grant()
    grant.round.rule_settings = rule_settings_snapshot(programme())
    grant.round.save(update_fields=["rule_settings"])
    _bars_of_8_and_3_years()
    assert round_rule_settings(grant.round).revocation_bar_years == 5
    revoke(grant, RevocationGround.TAX)
    assert Ban.objects.get(organisation=grant.organisation).ends_on == date(2037, 3, 15)


def test_a_fraud_bar_before_an_award_lasts_the_rounds_fraud_bar() -> None:
    _bars_of_8_and_3_years()
    round = eligibility_round()
    application = submitted_application(round)
    office = signed(office_user(), round)
    disqualify_application(application, actor=office, reason="伪造检测报告", fraud=True)
    case = propose_bar(FraudBarCase.objects.get(application=application), actor=office)
    today = timezone.localdate()
    ban = record_bar_decision(case, actor=office, decided_on=today, document_number="某府字1号")
    assert ban.ends_on == date(today.year + 8, today.month, today.day)


def test_the_request_to_revoke_names_the_programmes_bar_length() -> None:
    _bars_of_8_and_3_years()
    grant = valid_grant()
    case = open_case(
        grant, actor=office_user(), ground=RevocationGround.TAX, evidence="税务机关通报"
    )
    text = _text(revocation_request_docx(Revocation.objects.get(pk=case.pk)))
    assert "3年内" in text and "5年内" not in text


def test_an_imported_2022_measures_ban_lasts_the_programmes_length() -> None:
    _bars_of_8_and_3_years()
    code = make_credit_code()
    _batch, errors = run_import(
        workbook(bans=[ban_row(code, reason="撤销", measures="2022", starts="2024-03-01", ends="")])
    )
    assert errors == []
    assert PastBan.objects.get().ends_on == date(2027, 3, 1)
    _batch, errors = run_import(
        workbook(
            bans=[
                ban_row(make_credit_code(), measures="2022", starts="2024-03-01", ends="2034-03-01")
            ]
        )
    )
    assert len(errors) == 1 and "8 years, until 2032-03-01" in errors[0].message


@pytest.mark.parametrize("field", ["fraud_bar_years", "revocation_bar_years"])
@pytest.mark.parametrize("value", [0, 21])
def test_a_bar_length_out_of_range_is_refused(field: str, value: int) -> None:
    with pytest.raises(DomainError) as refused:
        services.update_programme_rules(programme(), actor=office_user(), **{field: value})
    assert "must be a whole number from 1 to 20" in refused.value.message
    assert getattr(programme(), field) in (10, 5)


def test_the_office_sets_the_bar_lengths_on_the_rules_page(client) -> None:  # type: ignore[no-untyped-def]
    """The page speaks Chinese (the client sends no language): a length below one year or not
    a whole number comes back on the form, and nothing is saved."""
    client.force_login(office_user())
    url = reverse("awards:programme_rules", args=[programme().pk])
    page = client.get(url).content.decode()
    assert 'name="fraud_bar_years"' in page and 'name="revocation_bar_years"' in page
    refused = client.post(url, {**RULES, "fraud_bar_years": "0", "revocation_bar_years": "2.5"})
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert errors["fraud_bar_years"] == ["确保该值大于或等于1。"]
    assert errors["revocation_bar_years"] == ["输入整数。"]
    assert programme().rules_version == 1
    client.post(url, {**RULES, "fraud_bar_years": "8", "revocation_bar_years": "3"})
    fresh = programme()
    assert (fresh.fraud_bar_years, fresh.revocation_bar_years, fresh.rules_version) == (8, 3, 2)
