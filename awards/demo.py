"""Demo data for `make run`: a believable Ganzhou round at several stages. Idempotent."""

from __future__ import annotations

from django.db import transaction

from accounts.enums import Role
from accounts.models import ProgrammeRole, User
from awards.models import AwardProgramme

DEMO_PASSWORD = "demo-pass-2026"

# (username, label shown at start-up, role)
DEMO_USERS: list[tuple[str, str, str]] = [
    ("office", "市领导小组办公室 office staff", Role.OFFICE),
    ("expert1", "评审专家 expert reviewer (group leader)", Role.EXPERT),
    ("expert2", "评审专家 expert reviewer", Role.EXPERT),
    ("leader", "领导小组成员 leading-group member", Role.LEADING_GROUP),
    ("recommender", "推荐单位 recommender (章贡区)", Role.RECOMMENDER),
    ("liaison", "部门联络员 department liaison (税务)", Role.LIAISON),
    ("applicant", "申报组织 applicant organisation", "applicant"),
]


@transaction.atomic
def load_demo() -> str:
    programme = AwardProgramme.objects.get(slug="ganzhou-mayor")
    for username, _label, role in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if role in (Role.OFFICE, Role.EXPERT, Role.LEADING_GROUP):
            ProgrammeRole.objects.get_or_create(user=user, programme=programme, role=role)
    return "Demo data loaded."
