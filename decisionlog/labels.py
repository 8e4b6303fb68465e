"""How the decision log reads to people: action codes and state codes as translated labels."""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Actions that are not a move to a state.
ACTION_LABELS: dict[str, Promise] = {
    "round.create": _("Round created"),
    "round.settings": _("Round settings changed"),
    "round.extend_deadline": _("Application deadline extended"),
    "round.approve_rules": _("Review rules approved"),
    "round.import": _("Round imported from records before the portal"),
    "notice.outlet": _("Publication outlet recorded"),
    "commitment.sign": _("Confidentiality commitment signed"),
    "organisation.register": _("Organisation registered"),
    "application.start": _("Dossier started"),
    "application.recommend": _("Recommendation opinion written"),
    "eligibility.check": _("Eligibility condition checked"),
    "consultation.send": _("Department consulted"),
    "consultation.answer": _("Department answered"),
    "consultation.waive": _("Adverse record found not to apply"),
    "review.group_create": _("Review group formed"),
    "review.assign": _("Expert assigned"),
    "review.withdraw": _("Assignment withdrawn"),
    "review.conflict": _("Conflict of interest declared"),
    "review.save": _("Scores saved"),
    "review.select_for_site_review": _("Site-review list fixed"),
    "review.composite": _("Composite evaluation completed"),
    "plenary.record": _("Plenary decision recorded"),
    "publicity.open": _("Publicity opened"),
    "objection.submit": _("Objection received"),
    "objection.verification": _("Objection verified"),
    "approval.record": _("Government approval recorded"),
    "grant.create": _("Award granted"),
    "certificates.requeue": _("Certificates queued again"),
}

# What the part before the dot names, for "<kind>.<state>" moves.
KIND_LABELS: dict[str, Promise] = {
    "round": _("Round"),
    "application": _("Application"),
    "review": _("Review"),
    "objection": _("Objection"),
    "grant": _("Award"),
}

ACTOR_LABELS: dict[str, Promise] = {
    "system": _("The portal (on schedule)"),
    "public": _("A member of the public"),
}


def _state_enums() -> list[type[TextChoices]]:
    from applications.enums import ApplicationStatus
    from awards.enums import RoundStage
    from grants.enums import GrantStatus
    from publicity.enums import ObjectionStatus
    from reviews.enums import ReviewStatus

    return [RoundStage, ApplicationStatus, ReviewStatus, ObjectionStatus, GrantStatus]


def state_label(kind: str, code: str) -> str:
    """The label of a state code, from the enum of the object's kind when known."""
    if not code:
        return ""
    enums = _state_enums()
    preferred = {
        "round": enums[0],
        "application": enums[1],
        "review": enums[2],
        "objection": enums[3],
        "grant": enums[4],
    }.get(kind)
    for enum in ([preferred] if preferred else []) + enums:
        if code in enum.values:
            return str(enum(code).label)
    return code


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    kind, _sep, state = action.partition(".")
    if kind in KIND_LABELS and state:
        return f"{KIND_LABELS[kind]}: {state_label(kind, state)}"
    return action


def actor_label(label: str) -> str:
    return str(ACTOR_LABELS.get(label, label))
