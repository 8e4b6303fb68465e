"""Helpers of the individual-award tests: a programme that awards people (南昌市市长质量奖:
at most 2, 10,000 yuan each), its open round and a person's valid national ID number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from accounts.models import User
from applications.models import Application, Nominee
from applications.services.nominee import start_individual_application
from awards.enums import NomineeKind
from awards.models import AwardProgramme, Round, ScoringScheme
from awards.rulesets import INDIVIDUAL_SCHEME_CODE, rule_settings_snapshot
from common.pii import encrypt_identifier, id_check_character, identifier_digest, mask_national_id
from organisations.models import Organisation
from tests.factories import ApplicationFactory, RoundFactory, applicant_user


def national_id(first17: str = "36070219800101123") -> str:
    """A valid 18-character number (GB 11643) from its first 17 digits."""
    return first17 + id_check_character(first17)


NUMBER = national_id()


def nanchang() -> AwardProgramme:
    programme, _created = AwardProgramme.objects.get_or_create(
        slug="nanchang-mayor",
        defaults={
            "name": "南昌市市长质量奖",
            "awarding_body": "南昌市人民政府",
            "office_name": "南昌市质量强市工作领导小组办公室",
            "prize_places_limit": 2,
            "prize_amount": Decimal("500000"),
            "accepts_individuals": True,
            "individual_places": 2,
            "individual_amount": 10000,
            "individual_scheme": INDIVIDUAL_SCHEME_CODE,
        },
    )
    return programme


def nanchang_round(**kwargs: Any) -> Round:
    programme = nanchang()
    return RoundFactory(
        programme=programme,
        title="2025—2026年度南昌市市长质量奖",
        rule_settings=rule_settings_snapshot(programme),
        **kwargs,
    )


def person(**overrides: str) -> dict[str, str]:
    return {
        "full_name": "李质量",
        "position": "首席质量官",
        "phone": "13800000000",
        "email": "li@example.cn",
        "national_id": NUMBER,
        # R5 / Art. 8: 10 years with the organisation, 14 in quality work (the defaults ask
        # 3 and 5).
        "employed_since": "2015-03-01",
        "quality_work_since": "2011-07-01",
        **overrides,
    }


def nominate(
    round: Round, organisation: Organisation | None = None, **overrides: str
) -> tuple[Application, User]:
    user = applicant_user(organisation)
    org = user.organisation_membership.organisation
    application = start_individual_application(round, org, actor=user, **person(**overrides))
    return application, user


def nominee_application(round: Round, number: str = NUMBER, **kwargs: Any) -> Application:
    """An individual nominee's application at any status, its nominee written as the service
    writes it (for a round past its window)."""
    application = ApplicationFactory(
        round=round,
        nominee_kind=NomineeKind.INDIVIDUAL,
        individual_scheme=ScoringScheme.objects.get(code=INDIVIDUAL_SCHEME_CODE),
        **kwargs,
    )
    Nominee.objects.create(
        application=application,
        full_name="李质量",
        position="首席质量官",
        phone="13800000000",
        national_id_encrypted=encrypt_identifier(number),
        national_id_digest=identifier_digest(number),
        national_id_masked=mask_national_id(number),
    )
    return application
