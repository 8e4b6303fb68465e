"""Individual nominees (R4 / Art. 8, PIPL): the national ID number checked against GB 11643,
kept encrypted at rest, masked for everyone but the office; the round's rules decide whether
people may be nominated; the person is scored on the individual scheme."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from accounts.enums import Role
from applications.models import Application, Nominee
from applications.selectors.nominee import nominee_card
from applications.services.application import start_application
from applications.services.nominee import start_individual_application, update_nominee
from awards.enums import NomineeKind
from common.pii import (
    decrypt_identifier,
    mask_national_id,
    validate_national_id,
)
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from tests.applications.individual import (
    NUMBER,
    nanchang,
    nanchang_round,
    national_id,
    nominate,
    person,
)
from tests.factories import (
    OrganisationFactory,
    RoundFactory,
    UserFactory,
    applicant_user,
    expert_user,
    grant_role,
    office_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_valid_number_passes_and_is_normalised():
    assert validate_national_id(" " + NUMBER[:-1] + NUMBER[-1].lower() + " ") == NUMBER
    assert validate_national_id("11010519491231002X") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (NUMBER[:-1], "length"),
        (NUMBER + "1", "length"),
        ("3607021980010112A" + "3", "characters"),
        ("360702" + "19801301" + "123" + "4", "birth_date"),
    ],
)
def test_a_malformed_number_is_refused(value, code):
    with pytest.raises(ValidationError) as error:
        validate_national_id(value)
    assert error.value.code == code


def test_a_wrong_check_digit_is_refused_in_english_and_chinese():
    wrong = NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        validate_national_id(wrong)
    assert error.value.code == "check_digit"
    assert "校验位" in error.value.messages[0]
    assert "does not match" in error.value.messages[0]


def test_masking_keeps_the_region_and_the_last_four():
    assert mask_national_id("110105194912310021") == "110***********0021"


def test_the_number_is_encrypted_at_rest():
    application, _user = nominate(nanchang_round())
    nominee = application.nominee
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM applications_nominee WHERE id = %s", [nominee.pk])
        row = cursor.fetchone()
    assert not any(NUMBER in str(value) for value in row)
    assert NUMBER[6:14] not in " ".join(str(value) for value in row)  # no date of birth
    assert decrypt_identifier(nominee.national_id_encrypted) == NUMBER
    assert nominee.national_id_masked == mask_national_id(NUMBER)
    # The decision log never holds the number.
    for entry in DecisionLogEntry.objects.all():
        assert NUMBER not in str(entry.data)


def test_a_person_is_scored_on_the_individual_scheme():
    application, _user = nominate(nanchang_round())
    assert application.nominee_kind == NomineeKind.INDIVIDUAL
    assert application.individual_scheme.code == "individual-quality"
    assert application.scheme_in_use_id == application.individual_scheme_id
    assert application.individual_scheme.total_points == sum(
        item.points
        for category in application.individual_scheme.categories.all()
        for item in category.items.all()
    )
    assert application.nominee_label == f"李质量（{application.organisation.name}）"


def test_the_organisation_applies_for_itself_beside_its_nominee():
    round = nanchang_round()
    application, user = nominate(round)
    own = start_application(round, application.organisation, actor=user)
    assert own.pk != application.pk
    assert own.nominee_kind == NomineeKind.ORGANISATION
    # Idempotent for the organisation's own application.
    assert start_application(round, application.organisation, actor=user).pk == own.pk


def test_a_round_without_individuals_refuses_a_person():
    round = RoundFactory()  # the 2022 measures: organisations only
    user = applicant_user()
    with pytest.raises(DomainError, match="does not award individuals"):
        start_individual_application(
            round, user.organisation_membership.organisation, actor=user, **person()
        )
    assert not Application.objects.filter(round=round).exists()


def test_a_bad_number_is_refused_on_start():
    round = nanchang_round()
    with pytest.raises(DomainError, match="does not match"):
        nominate(round, national_id=NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1"))
    assert not Nominee.objects.exists()


def test_a_person_is_nominated_once_per_round():
    round = nanchang_round()
    nominate(round)
    with pytest.raises(DomainError, match="already nominated"):
        nominate(round, full_name="另一个名字")


def test_only_the_organisation_itself_nominates():
    round = nanchang_round()
    outsider = applicant_user()
    with pytest.raises(DomainError):
        start_individual_application(round, OrganisationFactory(), actor=outsider, **person())


def test_the_applicant_changes_the_nominee_while_a_draft():
    application, user = nominate(nanchang_round())
    other = national_id("36070219850505456")
    update_nominee(application, actor=user, **person(position="质量总监", national_id=other))
    nominee = Nominee.objects.get(application=application)
    assert nominee.position == "质量总监"
    assert decrypt_identifier(nominee.national_id_encrypted) == other
    entry = DecisionLogEntry.objects.filter(action="application.nominee").get()
    assert entry.data == {"changed": ["position", "national_id"]}
    # An empty number keeps the one given.
    update_nominee(application, actor=user, **person(national_id=""))
    nominee.refresh_from_db()
    assert decrypt_identifier(nominee.national_id_encrypted) == other


def test_only_the_own_office_reads_the_number():
    application, user = nominate(nanchang_round())
    office = grant_role(UserFactory(), Role.OFFICE, prog=nanchang())
    other_office = office_user()  # the Ganzhou programme's office
    masked = mask_national_id(NUMBER)
    card = nominee_card(office, application, unmask=True)
    assert card is not None and card.national_id == NUMBER and card.unmasked
    # Not asked for: masked even for the office.
    assert nominee_card(office, application).national_id == masked
    for reader in (user, other_office, expert_user()):
        card = nominee_card(reader, application, unmask=True)
        assert card is not None and card.national_id == masked and not card.unmasked
