"""Factories free of surprises: every object valid, every role explicit."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from applications.models import Application
from awards.enums import RoundStage
from awards.models import AwardProgramme, Round, ScoringScheme
from experts.models import ExpertProfile
from organisations.models import (
    Department,
    Division,
    Organisation,
    OrganisationMembership,
    Recommender,
)
from organisations.validators import credit_code_check_character

_codes = itertools.count(1)


def make_credit_code(n: int | None = None) -> str:
    """A valid unified social credit code (GB 32100) unique per call."""
    n = next(_codes) if n is None else n
    first17 = f"91360700MA{n:07d}"
    return first17 + credit_code_check_character(first17)


def programme() -> AwardProgramme:
    return AwardProgramme.objects.get(slug="ganzhou-mayor")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = factory.django.Password("pw-for-tests-1")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"赣州测试企业{n}有限公司")
    credit_code = factory.LazyFunction(make_credit_code)
    legal_representative = "张三"
    address = "江西省赣州市章贡区测试路1号"
    division = factory.LazyFunction(lambda: Division.objects.get(name="章贡区"))
    founded_on = date(2010, 5, 1)
    industry_section = "C"
    industry_class = "C3985 电子专用材料制造"
    contact_name = "李四"
    contact_phone = "0797-8888888"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.cn")


class RecommenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommender
        django_get_or_create = ("name",)
        skip_postgeneration_save = True  # serves() only adds programmes

    name = "章贡区人民政府"
    kind = "county"
    # The division the unit's name begins with ("南康区人民政府": 南康区), else 章贡区: a
    # county unit sees the submitted applications of its division.
    division = factory.LazyAttribute(
        lambda o: (
            next(
                (d for d in Division.objects.all() if o.name.startswith(d.name)),
                None,
            )
            or Division.objects.get(name="章贡区")
        )
    )

    @factory.post_generation
    def serves(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """The unit serves the default programme (an applicant there may name it)."""
        if create:
            self.programmes.add(*(extracted or [programme()]))


def department(code: str = "tax") -> Department:
    return Department.objects.get(code=code)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    programme = factory.LazyFunction(programme)
    year = factory.Sequence(lambda n: 2030 + 2 * n)
    title = factory.LazyAttribute(lambda r: f"{r.year}年度赣州市市长质量奖")
    stage = RoundStage.APPLICATION
    scheme = factory.LazyFunction(lambda: ScoringScheme.objects.get(code="gbt19580-2012"))
    call_notice = "评审通知"
    call_published_at = factory.LazyFunction(timezone.now)
    applications_open_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    applications_close_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    sector = factory.LazyAttribute(lambda a: a.organisation.sector)
    main_products = "稀土永磁材料"
    quality_summary = "质量管理成效显著"
    self_assessment = "按 GB/T 19580 自评"


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertProfile

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"专家{n}")
    employer = "江西理工大学"
    employer_credit_code = factory.LazyFunction(make_credit_code)
    title = "教授"


def grant_role(user: User, role: str, *, prog: AwardProgramme | None = None, **extra: Any) -> User:
    ProgrammeRole.objects.get_or_create(
        user=user, programme=prog or programme(), role=role, defaults=extra
    )
    if extra.get("recommender") is not None:
        # The unit a user speaks for in a programme serves that programme.
        extra["recommender"].programmes.add(prog or programme())
    for cached in ("_portal_roles", "_office_programme_ids"):
        if hasattr(user, cached):
            delattr(user, cached)
    return user


def office_user(**kwargs: Any) -> User:
    return grant_role(UserFactory(**kwargs), Role.OFFICE)


def leading_group_user(**kwargs: Any) -> User:
    return grant_role(UserFactory(**kwargs), Role.LEADING_GROUP)


def expert_user(**kwargs: Any) -> User:
    user = UserFactory(**kwargs)
    ExpertFactory(user=user, name=user.full_name)
    return grant_role(user, Role.EXPERT)


def recommender_user(recommender: Recommender | None = None, **kwargs: Any) -> User:
    return grant_role(
        UserFactory(**kwargs), Role.RECOMMENDER, recommender=recommender or RecommenderFactory()
    )


def liaison_user(dept: Department | None = None, **kwargs: Any) -> User:
    return grant_role(UserFactory(**kwargs), Role.LIAISON, department=dept or department("tax"))


def applicant_user(organisation: Organisation | None = None, **kwargs: Any) -> User:
    user = UserFactory(**kwargs)
    OrganisationMembership.objects.create(
        user=user, organisation=organisation or OrganisationFactory()
    )
    return user
