"""The world the permission matrix walks: the demo data (`demo.rounds.load_demo`: two
programmes, rounds at every stage, winners) plus one user per role, and for every kind of
object a URL names, the object that is the role's OWN and one that is ANOTHER's.

Own / other per role (see tests/security/url_matrix.py for how a row names its kind):
- applicant (user ``applicant``, 赣州华坤电子科技): own = its organisation's dossier; other = another
  organisation's dossier.
- recommender (章贡区人民政府): own = a dossier it recommends; other = one another unit recommends.
- liaison (市税务局): own = a dossier the tax bureau was consulted on; other = one it was not.
- expert (``expert1``): own = a dossier it is assigned to; other = one it is not assigned to.
- leader (市长质量奖 leading group) and office (市长质量奖 office): own = an object of the mayor's
  programme; other = the same kind of object in the county programme (章贡区区长质量奖), which a
  county office runs and the mayor's office must not even see.
- county_office (``zg_office``, the county programme's office): the office mirrored, for
  every kind: own = the office's other (the county's object), other = the office's own (the
  mayor's programme's object), so that every office URL is also tried by another programme's
  office on the first programme's object. Except for expert profiles: the office's own
  (expert1) is shared with the county, so the county office's other is a profile of the
  mayor's pool alone.
- winner (user ``org7``, 江西青峰药业, a 2022 winner): own = its organisation's grant and
  dossier; other = another winner's grant, another organisation's dossier.
- conflicted (``expert1`` again): own = a dossier it is assigned to; other = a dossier it was
  assigned to and declared a conflict on (the assignment withdrawn).
- anonymous: both are the role-less defaults (the mayor's programme / another organisation).

Kinds the demo holds no object of (draws, agencies and disqualifications, incidents,
monitoring records, circulars, supplements, archives, fraud-bar cases, the county's winner)
are built by tests/security/world_objects.py. A key that finds no row gives ``MISSING_PK``
(an id no row has), so such a row would still check that nothing but a 404 comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

ROLES: tuple[str, ...] = (
    "anonymous",
    "applicant",
    "recommender",
    "liaison",
    "expert",
    "leader",
    "office",
    "county_office",
    "winner",
    "conflicted",
)
USERNAMES: dict[str, str] = {
    "applicant": "applicant",
    "recommender": "recommender",
    "liaison": "liaison",
    "expert": "expert1",
    "leader": "leader",
    "office": "office",
    # The county programme's office (章贡区区长质量奖): the office's objects mirrored, its own
    # the county's and its other the mayor's (see mirrored_for_the_county_office below).
    "county_office": "zg_office",
    # An applicant whose organisation won (2022) and applies again: the winner's pages.
    "winner": "org7",
    # expert1 again, with another's object a dossier it declared a conflict on (R12).
    "conflicted": "expert1",
}
MISSING_PK = 987654321

Kwargs = dict[str, Any]


@dataclass
class World:
    """Ids of the demo objects, looked up once after load_demo."""

    ids: dict[str, Any] = field(default_factory=dict)
    media_root: str = ""

    def pk(self, key: str) -> Any:
        value = self.ids.get(key)
        return MISSING_PK if value is None else value


def _first_pk(queryset: Any) -> Any:
    row = queryset.order_by("pk").values_list("pk", flat=True).first()
    return row


def build_world() -> World:
    """Look the demo's objects up (call after load_demo, inside the test's transaction)."""
    from applications.models import Application, Attachment, Consultation
    from awards.models import AwardProgramme, Round
    from demo.clock import story_year
    from experts.models import ExpertProfile
    from grants.models import AwardGrant, Certificate
    from publicity.models import Objection, PublicityPeriod
    from reviews.models import Assignment

    ids: dict[str, Any] = {}
    mayor = {"round__programme__slug": "ganzhou-mayor"}
    county = {"round__programme__slug": "zhanggong-district"}
    ids["round"] = _first_pk(
        Round.objects.filter(programme__slug="ganzhou-mayor", year=story_year(2024))
    )
    ids["round_application"] = _first_pk(
        Round.objects.filter(programme__slug="ganzhou-mayor", year=story_year(2026))
    )
    ids["round_past"] = _first_pk(
        Round.objects.filter(programme__slug="ganzhou-mayor", year=story_year(2022))
    )
    ids["round_county"] = _first_pk(Round.objects.filter(programme__slug="zhanggong-district"))
    ids["programme"] = _first_pk(AwardProgramme.objects.filter(slug="ganzhou-mayor"))
    ids["programme_county"] = _first_pk(AwardProgramme.objects.filter(slug="zhanggong-district"))

    apps = Application.objects
    ids["app_applicant"] = _first_pk(
        apps.filter(organisation__memberships__user__username="applicant", **mayor)
    )
    ids["app_other_org"] = _first_pk(
        apps.filter(**mayor, round__year=story_year(2026))
        .exclude(organisation__memberships__user__username="applicant")
        .exclude(recommender__name="章贡区人民政府")
        .exclude(consultations__department__code="tax")
        .exclude(assignments__expert__user__username="expert1")
    )
    ids["app_recommender"] = _first_pk(apps.filter(recommender__name="章贡区人民政府", **mayor))
    ids["app_liaison"] = _first_pk(apps.filter(consultations__department__code="tax", **mayor))
    ids["app_expert"] = _first_pk(
        apps.filter(assignments__expert__user__username="expert1", **mayor)
    )
    ids["app_mayor"] = ids["app_expert"]
    ids["app_conflicted"] = _first_pk(
        apps.filter(
            conflict_declarations__expert__user__username="expert1",
            conflict_declarations__has_conflict=True,
            **mayor,
        )
    )
    ids["app_winner"] = _first_pk(
        apps.filter(
            organisation__memberships__user__username="org7", round__year=story_year(2024), **mayor
        )
    )
    ids["app_county"] = _first_pk(
        apps.filter(**county).exclude(
            organisation__memberships__user__username__in=["applicant", "org7"]
        )
    )

    def attachment_of(app_pk: Any) -> Any:
        return _first_pk(Attachment.objects.filter(application_id=app_pk))

    ids["att_applicant"] = _first_pk(
        Attachment.objects.filter(
            application__organisation__memberships__user__username="applicant"
        )
    )
    for key in (
        "other_org",
        "recommender",
        "liaison",
        "expert",
        "mayor",
        "county",
        "winner",
        "conflicted",
    ):
        ids[f"att_{key}"] = attachment_of(ids[f"app_{key}"])

    from organisations.models import Department

    ids["department_tax"] = _first_pk(Department.objects.filter(code="tax"))
    ids["consultation_tax"] = _first_pk(Consultation.objects.filter(department__code="tax"))
    ids["consultation_other"] = _first_pk(Consultation.objects.exclude(department__code="tax"))
    ids["consultation_county"] = _first_pk(
        Consultation.objects.filter(application__round__programme__slug="zhanggong-district")
    )

    ids["assignment_expert"] = _first_pk(
        Assignment.objects.filter(
            expert__user__username="expert1", application__round__programme__slug="ganzhou-mayor"
        )
    )
    ids["assignment_other_expert"] = _first_pk(
        Assignment.objects.exclude(expert__user__username="expert1").filter(
            application__round__programme__slug="ganzhou-mayor"
        )
    )
    ids["assignment_county"] = _first_pk(
        Assignment.objects.filter(application__round__programme__slug="zhanggong-district")
    )
    ids["expert_profile"] = _first_pk(ExpertProfile.objects.filter(user__username="expert1"))
    ids["expert_profile_other"] = _first_pk(
        ExpertProfile.objects.exclude(programmes__slug="ganzhou-mayor")
    )
    ids["objection"] = _first_pk(Objection.objects.filter(**_via_round("ganzhou-mayor", Objection)))
    ids["objection_county"] = _first_pk(
        Objection.objects.filter(**_via_round("zhanggong-district", Objection))
    )
    ids["period"] = _first_pk(
        PublicityPeriod.objects.filter(round__programme__slug="ganzhou-mayor")
    )
    ids["period_county"] = _first_pk(
        PublicityPeriod.objects.filter(round__programme__slug="zhanggong-district")
    )
    ids["grant"] = _first_pk(AwardGrant.objects.all())
    ids["grant_applicant"] = _first_pk(AwardGrant.objects.filter(**_grant_org_member("applicant")))
    ids["grant_winner"] = _first_pk(AwardGrant.objects.filter(**_grant_org_member("org7")))
    ids["grant_not_winner"] = _first_pk(AwardGrant.objects.exclude(**_grant_org_member("org7")))
    from monitoring.models import AnnualReport
    from sanctions.models import Revocation

    winner = {"grant__organisation__memberships__user__username": "org7"}
    ids["revocation_winner"] = _first_pk(Revocation.objects.filter(**winner))
    ids["revocation_other"] = _first_pk(Revocation.objects.exclude(**winner))
    ids["report_winner"] = _first_pk(AnnualReport.objects.filter(**winner))
    ids["report_other"] = _first_pk(AnnualReport.objects.exclude(**winner))
    from sanctions.models import Ban

    ids["ban"] = _first_pk(
        Ban.objects.filter(revocation__isnull=False)
        if _has_field(Ban, "revocation")
        else Ban.objects.all()
    )
    from notifications.models import OutboxMessage

    ids["outbox"] = _first_pk(OutboxMessage.objects.filter(programme__slug="ganzhou-mayor"))
    ids["outbox_county"] = _first_pk(
        OutboxMessage.objects.filter(programme__slug="zhanggong-district")
    )
    from grants.models import ApprovalDecision

    ids["approval"] = _first_pk(
        ApprovalDecision.objects.filter(round__programme__slug="ganzhou-mayor")
    )
    ids["approval_county"] = _first_pk(
        ApprovalDecision.objects.filter(round__programme__slug="zhanggong-district")
    )
    ids["certificate_number"] = (
        Certificate.objects.order_by("pk").values_list("number", flat=True).first()
    )
    return World(ids=ids)


def _has_field(model: type[Model], name: str) -> bool:
    return name in {f.name for f in model._meta.get_fields()}


def _via_round(slug: str, model: type[Model]) -> dict[str, str]:
    names = {f.name for f in model._meta.get_fields()}
    if "round" in names:
        return {"round__programme__slug": slug}
    return {"application__round__programme__slug": slug}


def _grant_org_member(username: str) -> dict[str, str]:
    from grants.models import AwardGrant

    names = {f.name for f in AwardGrant._meta.get_fields()}
    if "application" in names:
        return {"application__organisation__memberships__user__username": username}
    return {"organisation__memberships__user__username": username}


# --- kinds: (world, role) -> (own kwargs, other kwargs) -----------------------------------

KindFn = Callable[[World, str], tuple[Kwargs, Kwargs]]


def _per_role(
    own: dict[str, str], other: dict[str, str], default: tuple[str, str]
) -> Callable[[World, str], tuple[Any, Any]]:
    def pick(world: World, role: str) -> tuple[Any, Any]:
        return world.pk(own.get(role, default[0])), world.pk(other.get(role, default[1]))

    return pick


_APP = _per_role(
    own={
        "applicant": "app_applicant",
        "recommender": "app_recommender",
        "liaison": "app_liaison",
        "expert": "app_expert",
        "winner": "app_winner",
        "conflicted": "app_expert",
    },
    other={"leader": "app_county", "office": "app_county", "conflicted": "app_conflicted"},
    default=("app_mayor", "app_other_org"),
)
_ATT = _per_role(
    own={
        "applicant": "att_applicant",
        "recommender": "att_recommender",
        "liaison": "att_liaison",
        "expert": "att_expert",
        "winner": "att_winner",
        "conflicted": "att_expert",
    },
    other={"leader": "att_county", "office": "att_county", "conflicted": "att_conflicted"},
    default=("att_mayor", "att_other_org"),
)
_ROUND = _per_role(own={}, other={}, default=("round", "round_county"))
_PROGRAMME = _per_role(own={}, other={}, default=("programme", "programme_county"))
_ROUND_APPLICATION = _per_role(own={}, other={}, default=("round_application", "round_county"))
_ROUND_PAST = _per_role(own={}, other={}, default=("round_past", "round_county"))
_CONSULTATION = _per_role(
    own={},
    other={"office": "consultation_county"},
    default=("consultation_tax", "consultation_other"),
)
_ASSIGNMENT = _per_role(
    own={},
    other={"office": "assignment_county", "leader": "assignment_county"},
    default=("assignment_expert", "assignment_other_expert"),
)
# The office's own expert (expert1) is shared with the county; the county office's other is
# one of the mayor's pool alone (KINDS_NAMING_THE_COUNTY_OFFICE).
_PROFILE = _per_role(
    own={"county_office": "expert_profile_other"},
    other={"county_office": "expert_profile_mayor_only"},
    default=("expert_profile", "expert_profile_other"),
)
_OBJECTION = _per_role(own={}, other={}, default=("objection", "objection_county"))
_PERIOD = _per_role(own={}, other={}, default=("period", "period_county"))
# The mayor's office's "other" grant is the county's winner's (world_objects.py).
_GRANT = _per_role(
    own={"applicant": "grant_applicant", "winner": "grant_winner"},
    other={"winner": "grant_not_winner"},
    default=("grant_winner", "grant_county"),
)
# Revocation cases and annual reports: the winner's own and another winner's; the office's
# own is the winner's (its programme), its other the county's (world_objects.py).
_REVOCATION = _per_role(
    own={}, other={"winner": "revocation_other"}, default=("revocation_winner", "revocation_county")
)
_REPORT = _per_role(
    own={}, other={"winner": "report_other"}, default=("report_winner", "report_county")
)
_BAN = _per_role(own={}, other={}, default=("ban", "ban_county"))
_CERTIFICATE = _per_role(own={}, other={}, default=("certificate_winner", "certificate_county"))
_OUTBOX = _per_role(own={}, other={}, default=("outbox", "outbox_county"))
_API_KEY = _per_role(own={}, other={}, default=("api_key", "api_key_county"))
_WORK_PLAN = _per_role(own={}, other={}, default=("work_plan", "work_plan_county"))
_GUIDANCE = _per_role(own={}, other={}, default=("guidance", "guidance_other"))


def _plan_item(item: str, **fixed: str) -> KindFn:
    """A work plan (``pk``) and one of its items (``item_pk``): the mayor's and the county's."""

    def kind(world: World, role: str) -> tuple[Kwargs, Kwargs]:
        return (
            {"pk": world.pk("work_plan"), "item_pk": world.pk(item), **fixed},
            {"pk": world.pk("work_plan_county"), "item_pk": world.pk(f"{item}_county"), **fixed},
        )

    return kind


def _plan_kind(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    own, other = _WORK_PLAN(world, role)
    return {"pk": own, "kind": "budget"}, {"pk": other, "kind": "budget"}


def _one(name: str, pick: Callable[[World, str], tuple[Any, Any]]) -> KindFn:
    def kind(world: World, role: str) -> tuple[Kwargs, Kwargs]:
        own, other = pick(world, role)
        return {name: own}, {name: other}

    return kind


def _review_stage(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    own, other = _APP(world, role)
    return {"pk": own, "stage": "material"}, {"pk": other, "stage": "material"}


def _waiver(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    own, other = _APP(world, "liaison" if role != "office" else "office")
    own_c, other_c = _CONSULTATION(world, role)
    return {"pk": own, "consultation_pk": own_c}, {"pk": other, "consultation_pk": other_c}


def _copy_source(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    own, other = _APP(world, role)
    return (
        {"round_pk": world.pk("round_application"), "source_pk": own},
        {"round_pk": world.pk("round_application"), "source_pk": other},
    )


def _certificate_number(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    return {"number": world.ids.get("certificate_number") or "GZ-NONE"}, {"number": "GZ-0000-0000"}


def _token(name: str) -> KindFn:
    def kind(world: World, role: str) -> tuple[Kwargs, Kwargs]:
        return {name: "not-a-real-token"}, {name: "not-a-real-token"}

    return kind


def _captcha_key(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    """No challenge is stored under it (a word: the route takes ``\\w+``)."""
    return {"key": "notarealkey"}, {"key": "notarealkey"}


def _password_reset(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    bad = {"uidb64": "MQ", "token": "not-a-real-token"}
    return bad, bad


def _round_stage(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    own, other = _ROUND(world, role)
    return {"pk": own, "stage": "material"}, {"pk": other, "stage": "material"}


def _round_fmt(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    own, other = _ROUND(world, role)
    return {"pk": own, "fmt": "xlsx"}, {"pk": other, "fmt": "xlsx"}


_APPROVAL = _per_role(own={}, other={}, default=("approval", "approval_county"))


def _round_pk_with(**extra: Any) -> KindFn:
    """The round (``round_pk``) with further fixed arguments (a format, a department)."""

    def kind(world: World, role: str) -> tuple[Kwargs, Kwargs]:
        own, other = _ROUND(world, role)
        fixed = {
            k: world.pk(v) if isinstance(v, str) and v in world.ids else v for k, v in extra.items()
        }
        return {"round_pk": own, **fixed}, {"round_pk": other, **fixed}

    return kind


def _ban_body(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    own, other = _BAN(world, role)
    return {"pk": own, "body": "provincial"}, {"pk": other, "body": "provincial"}


# Objects built by tests/security/world_objects.py (the demo holds none): the mayor's
# programme's and the county's, or one user's and another's.
_DRAW = _per_role(own={}, other={}, default=("draw", "draw_county"))
_AGENCY = _per_role(own={}, other={}, default=("agency", "agency_county"))
_AGENCY_DISQ = _per_role(
    own={}, other={}, default=("agency_disqualification", "agency_disqualification_county")
)
_EXPERT_DISQ = _per_role(
    own={}, other={}, default=("expert_disqualification", "expert_disqualification_county")
)
_INCIDENT = _per_role(
    own={},
    other={"office": "incident_county"},
    default=("incident_liaison", "incident_other_liaison"),
)
_REASSESSMENT = _per_role(own={}, other={}, default=("reassessment", "reassessment_county"))
_VISIT = _per_role(own={}, other={}, default=("visit", "visit_county"))
_FUND_REPORT = _per_role(own={}, other={}, default=("fund_report", "fund_report_county"))
_FUND_ITEM = _per_role(own={}, other={}, default=("fund_item", "fund_item_county"))
_CIRCULAR = _per_role(own={}, other={}, default=("circular", "circular_county"))
_REPORT_ATTACHMENT = _per_role(
    own={}, other={}, default=("report_attachment_winner", "report_attachment_other")
)
_ARCHIVE = _per_role(own={}, other={}, default=("archive", "archive_county"))
_FRAUD_CASE_APP = _per_role(own={}, other={}, default=("fraud_case_app", "fraud_case_app_county"))
_WEBHOOK = _per_role(own={}, other={}, default=("webhook", "webhook_county"))
_WEBHOOK_DELIVERY = _per_role(
    own={}, other={}, default=("webhook_delivery", "webhook_delivery_county")
)


_RECOMMENDER_UNIT = _per_role(
    own={}, other={}, default=("recommender_unit", "recommender_unit_county")
)


def _recommender_unit_user(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    """A unit managed by the mayor's office with a user of it, and the county's."""
    return (
        {"pk": world.pk("recommender_unit"), "user_pk": world.pk("recommender_unit_user")},
        {
            "pk": world.pk("recommender_unit_county"),
            "user_pk": world.pk("recommender_unit_user_county"),
        },
    )


def _supplement(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    """The applicant's dossier with a supplement request, and another organisation's."""
    return (
        {"pk": world.pk("app_applicant"), "request_pk": world.pk("supplement_applicant")},
        {"pk": world.pk("app_other_org"), "request_pk": world.pk("supplement_other_org")},
    )


def _adverse_record(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    """An adverse record after the eligibility decision: the mayor's programme's, the county's."""
    return (
        {"pk": world.pk("app_mayor"), "record_pk": world.pk("adverse_mayor")},
        {"pk": world.pk("app_county"), "record_pk": world.pk("adverse_county")},
    )


def _calendar_day(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    """A day of the mayor's programme's holiday calendar, and one of the county's."""
    return (
        {"pk": world.pk("programme"), "day_pk": world.pk("calendar_day")},
        {"pk": world.pk("programme_county"), "day_pk": world.pk("calendar_day_county")},
    )


def _leading_industry(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    """A leading industry of the mayor's programme's list (Art. 15), and one of the county's."""
    return (
        {"pk": world.pk("programme"), "industry_pk": world.pk("leading_industry")},
        {"pk": world.pk("programme_county"), "industry_pk": world.pk("leading_industry_county")},
    )


def _programme_invitation(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    """An invitation not yet accepted to the mayor's programme, and one to the county's, to
    cancel."""
    return (
        {
            "pk": world.pk("programme"),
            "invitation_pk": world.pk("programme_invitation"),
            "action": "cancel",
        },
        {
            "pk": world.pk("programme_county"),
            "invitation_pk": world.pk("programme_invitation_county"),
            "action": "cancel",
        },
    )


def _colleague_invitation(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    """A colleague's invitation not yet accepted into the role's organisation (the
    applicant's; the winner's), and one into another organisation, to cancel."""
    own = "colleague_invitation_winner" if role == "winner" else "colleague_invitation"
    return (
        {"invitation_pk": world.pk(own), "action": "cancel"},
        {"invitation_pk": world.pk("colleague_invitation_other"), "action": "cancel"},
    )


def _certificate_specimen(world: World, role: str) -> tuple[Kwargs, Kwargs]:
    """The prize certificate's specimen (R15) of the mayor's programme, and of the county's."""
    return (
        {"programme_pk": world.pk("programme"), "level": "prize"},
        {"programme_pk": world.pk("programme_county"), "level": "prize"},
    )


def mirrored_for_the_county_office(kind: KindFn) -> KindFn:
    """The county office's own and other: the office's other and own, swapped."""

    def mirrored(world: World, role: str) -> tuple[Kwargs, Kwargs]:
        if role != "county_office":
            return kind(world, role)
        own, other = kind(world, "office")
        return other, own

    return mirrored


KINDS: dict[str, KindFn] = {
    "draw": _one("pk", _DRAW),
    "agency": _one("pk", _AGENCY),
    "agency_disqualification": _one("pk", _AGENCY_DISQ),
    "expert_disqualification": _one("pk", _EXPERT_DISQ),
    "incident": _one("pk", _INCIDENT),
    "reassessment": _one("pk", _REASSESSMENT),
    "return_visit": _one("pk", _VISIT),
    "fund_report": _one("pk", _FUND_REPORT),
    "fund_item": _one("pk", _FUND_ITEM),
    "circular": _one("pk", _CIRCULAR),
    "report_attachment": _one("pk", _REPORT_ATTACHMENT),
    "archive": _one("pk", _ARCHIVE),
    "fraud_case_application": _one("pk", _FRAUD_CASE_APP),
    "supplement": _supplement,
    "recommender_unit": _one("pk", _RECOMMENDER_UNIT),
    "recommender_unit_user": _recommender_unit_user,
    "application": _one("pk", _APP),
    "application@round_pk": _one("round_pk", _ROUND_APPLICATION),
    "application_copy": _copy_source,
    "attachment": _one("pk", _ATT),
    "consultation": _one("pk", _CONSULTATION),
    "consultation_waiver": _waiver,
    "adverse_record": _adverse_record,
    "review_stage": _review_stage,
    "assignment": _one("pk", _ASSIGNMENT),
    "expert_profile": _one("pk", _PROFILE),
    "round": _one("pk", _ROUND),
    "programme": _one("pk", _PROGRAMME),
    "calendar_day": _calendar_day,
    "programme_invitation": _programme_invitation,
    "colleague_invitation": _colleague_invitation,
    "certificate_specimen": _certificate_specimen,
    "leading_industry": _leading_industry,
    "round@round_pk": _one("round_pk", _ROUND),
    "round_application": _one("pk", _ROUND_APPLICATION),
    "round_past@round_pk": _one("round_pk", _ROUND_PAST),
    "round_stage": _round_stage,
    "round_fmt": _round_fmt,
    "approval": _one("pk", _APPROVAL),
    "grant": _one("pk", _GRANT),
    "outbox_message": _one("pk", _OUTBOX),
    "webhook_subscription": _one("pk", _WEBHOOK),
    "webhook_delivery": _one("pk", _WEBHOOK_DELIVERY),
    "api_key": _one("pk", _API_KEY),
    "revocation": _one("pk", _REVOCATION),
    "ban": _one("pk", _BAN),
    "ban+body": _ban_body,
    "annual_report": _one("pk", _REPORT),
    "objection": _one("pk", _OBJECTION),
    "publicity_period": _one("pk", _PERIOD),
    "grant@grant_pk": _one("grant_pk", _GRANT),
    "certificate": _one("pk", _CERTIFICATE),
    "certificate_number": _certificate_number,
    "token": _token("token"),
    "captcha_key": _captcha_key,
    "password_reset": _password_reset,
    "round@round_pk+department_pk": _round_pk_with(department_pk="department_tax"),
    "round@round_pk+fmt": _round_pk_with(fmt="xlsx"),
    "work_plan": _one("pk", _WORK_PLAN),
    "work_plan+kind": _plan_kind,
    "work_plan_milestone": _plan_item("milestone"),
    "work_plan_item": _plan_item("milestone", kind="milestone"),
    "work_plan_research": _plan_item("research"),
    "guidance": _one("pk", _GUIDANCE),
}
# Kinds that give the county office its own objects rather than the office's mirrored.
KINDS_NAMING_THE_COUNTY_OFFICE = frozenset({"expert_profile"})
KINDS = {
    name: kind if name in KINDS_NAMING_THE_COUNTY_OFFICE else mirrored_for_the_county_office(kind)
    for name, kind in KINDS.items()
}
