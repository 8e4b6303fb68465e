"""How the decision log reads to people: action codes and state codes as translated labels.

Every action code written to the log anywhere in the project needs a label here, either in
``ACTION_LABELS`` or, for a move ``"<kind>.<state>"`` written by a workflow's transition
function, through ``KIND_LABELS`` and the kind's state enum in ``KIND_STATE_ENUMS`` (which the
app owning the kind fills: ``register_state_enum``).
``tests/decisionlog/test_action_labels.py`` scans the source and names any code without one.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from decisionlog.moved import current_label

# Actions that are not (only) a move to a state.
ACTION_LABELS: dict[str, Promise] = {
    # Rounds and programme
    "round.create": _("Round created"),
    "round.settings": _("Round settings changed"),
    "round.extend_deadline": _("Application deadline extended"),
    "round.approve_rules": _("Review rules approved"),
    "round.import": _("Round imported from records before the portal"),
    "programme.create": _("Programme set up (its rules await its leading group's approval)"),
    "programme.invite": _("User invited to the programme's office or leading group"),
    "programme.invite_cancel": _("Invitation to the programme's office or leading group cancelled"),
    "programme.invite_resend": _(
        "Invitation to the programme's office or leading group sent again with a new link"
    ),
    "programme.join": _("Invited user joined the programme's office or leading group"),
    "programme.edit": _("Programme's name, offices or guiding programme changed"),
    "programme.rules": _("Programme's rules changed (awaiting the leading group's approval)"),
    "programme.approve_rules": _("Programme's rules approved by the leading group"),
    "calendar.add": _("Day entered in the holiday calendar"),
    "calendar.remove": _("Day removed from the holiday calendar"),
    "leading_industry.add": _("Leading industry added to the list (Art. 15)"),
    "leading_industry.change": _("Leading industry changed (Art. 15)"),
    "leading_industry.remove": _("Leading industry taken off the list (Art. 15)"),
    "notice.outlet": _("Publication outlet recorded"),
    # The annual work plan (Art. 11(3)) and the guidance to county awards (Art. 11(9))
    "work_plan.create": _("Annual work plan started"),
    "work_plan.edit": _("Annual work plan changed"),
    "work_plan.milestone_add": _("Milestone added to the work plan"),
    "work_plan.milestone_remove": _("Milestone removed from the work plan"),
    "work_plan.milestone_done": _("Milestone of the work plan marked done"),
    "work_plan.training_add": _("Training session added to the work plan"),
    "work_plan.training_remove": _("Training session removed from the work plan"),
    "work_plan.budget_add": _("Budget line added to the work plan"),
    "work_plan.budget_remove": _("Budget line removed from the work plan"),
    "work_plan.research_add": _("Research note added to the work plan"),
    "work_plan.research_remove": _("Research note removed from the work plan"),
    "guidance.publish": _("Guidance published to the county and zone award offices"),
    "commitment.sign": _("Confidentiality commitment signed"),
    # Organisations and accounts
    "organisation.register": _("Organisation registered"),
    "organisation.invite": _("Colleague invited to the organisation"),
    "organisation.invite_cancel": _("Colleague's invitation to the organisation cancelled"),
    "organisation.invite_resend": _(
        "Colleague's invitation to the organisation sent again with a new link"
    ),
    "organisation.join": _("User joined the organisation"),
    "organisation.email_verified": _("Organisation e-mail address verified"),
    "recommender.create": _("Recommending unit added"),
    "recommender.update": _("Recommending unit changed"),
    "recommender.deactivate": _("Recommending unit deactivated"),
    "recommender.reactivate": _("Recommending unit reactivated"),
    "recommender.user_add": _("User added to a recommending unit"),
    "recommender.user_remove": _("User removed from a recommending unit"),
    "api_key.create": _("API key issued"),
    "api_key.revoke": _("API key revoked"),
    "security.second_factor_policy": _("Second-factor policy changed"),
    "security.second_factor_reset": _("User's second factor reset"),
    "security.second_factor_roles_revived": _(
        "Roles suspended by a second-factor reset restored on re-enrolment"
    ),
    # Applications
    "application.start": _("Dossier started"),
    "application.copy": _("Dossier copied from an earlier application"),
    "application.nominee": _("Individual nominee's details changed"),
    "application.paper_entry": _("Paper dossier entered by the office"),
    "application.recommend": _("Recommendation opinion written"),
    "supplement.request": _("Supplementary material requested"),
    "supplement.answer": _("Supplementary material provided"),
    "eligibility.check": _("Eligibility condition checked"),
    "application.leader_tag": _("Leading-enterprise tag (Art. 15) confirmed or refused"),
    "consultation.send": _("Department consulted"),
    "consultation.answer": _("Department answered"),
    "consultation.waive": _("Adverse record found not to apply"),
    "consultation.paper_reply": _("Department's paper reply entered by the office"),
    "adverse_record.report": _("Adverse record received after the eligibility decision"),
    "adverse_record.waived": _("Adverse record found not to apply"),
    "adverse_record.disqualified": _("Application disqualified for an adverse record"),
    # Expert pool and review
    "pool.create": _("Expert added to the pool"),
    "pool.share": _("Expert of another programme added to this pool"),
    "pool.update": _("Expert record updated"),
    "pool.programme_record": _("Programme's note and former employers of a shared expert recorded"),
    "pool.import": _("Experts imported into the pool"),
    "pool.login": _("Expert given a portal account"),
    "pool.disqualify_proposed": _("Expert's disqualification proposed"),
    "pool.disqualify_confirmed": _("Expert's disqualification confirmed"),
    "pool.disqualify_rejected": _("Expert's disqualification rejected"),
    "pool.agency_create": _("Review agency added"),
    "pool.agency_update": _("Review agency updated"),
    "pool.agency_member": _("Review agency member recorded"),
    "pool.agency_disqualify_proposed": _("Review agency's disqualification proposed"),
    "pool.agency_disqualify_confirmed": _("Review agency's disqualification confirmed"),
    "pool.agency_disqualify_rejected": _("Review agency's disqualification rejected"),
    "review.group_create": _("Review group formed"),
    "review.deadline": _("Review due date set"),
    "review.draw": _("Experts drawn"),
    "review.draw_accept": _("Expert draw accepted"),
    "review.draw_discard": _("Expert draw discarded"),
    "review.assign": _("Expert assigned"),
    "review.withdraw": _("Assignment withdrawn"),
    "review.decline": _("Assignment declined by the expert"),
    "review.conflict": _("Conflict of interest declared"),
    "review.no_conflict": _("No conflict of interest declared"),
    "review.conflict_exclude": _("Conflicted expert's review excluded from the score"),
    "review.conflict_after_close": _("Conflict of interest after the composite evaluation"),
    "review.conflict_after_decision": _("Conflict of interest after the leading group's decision"),
    "review.save": _("Scores saved"),
    "review.consensus_save": _("Group consensus scores saved"),
    "review.select_for_site_review": _("Site-review list fixed"),
    "review.site_visit_create": _("Site visit scheduled"),
    "review.site_visit_update": _("Site visit changed"),
    "review.site_note": _("Site-visit note recorded"),
    "review.composite": _("Composite evaluation completed"),
    "review.defence_score": _("Question-and-defence score recorded"),
    "review.composite_recompute": _("Composite recomputed after a conflict of interest"),
    "review.release_feedback": _("Feedback reports released to the applicants"),
    # Deliberation, publicity, approval
    "plenary.record": _("Plenary decision recorded"),
    "plenary.voting_open": _("Plenary voting opened"),
    "plenary.ballot": _("Plenary ballot cast"),
    "plenary.voting_close": _("Plenary voting closed"),
    "publicity.open": _("Publicity opened"),
    "objection.submit": _("Objection received"),
    "objection.verification": _("Objection verified"),
    "list.confirm": _("Proposed list confirmed by the leading group"),
    "list.amend": _("Proposed list amended by the leading group"),
    "approval.record": _("Government approval recorded"),
    "approval.document": _("Government decision document uploaded"),
    "winners.outlet": _("Publication of the winners recorded"),
    # Grants and what follows
    "grant.create": _("Award granted"),
    "certificates.requeue": _("Certificates queued again"),
    "certificate.render_again": _("Certificate rendered again after a failure"),
    "prize.paid": _("Prize money paid"),
    "plaque.issued": _("Plaque or trophy handed over"),
    "history.import": _("History before the portal imported"),
    "annual_report.schedule": _("Annual reports scheduled"),
    "annual_report.due_date": _("Annual report due date changed"),
    "annual_report.attach": _("Attachment added to the annual report"),
    "annual_report.detach": _("Attachment removed from the annual report"),
    "reassessment.schedule": _("Re-assessment scheduled"),
    "fund_use.item_add": _("Use of the prize money added"),
    "fund_use.item_remove": _("Use of the prize money removed"),
    "fund_use.submitted": _("Prize-money use report submitted"),
    "fund_use.returned": _("Prize-money use report returned"),
    "fund_use.checked": _("Prize-money use checked"),
    "fund_use.circular": _("Circular of the prize-money checks published"),
    "improvement.record": _("Improvement follow-up recorded"),
    "visit.plan": _("Return visit planned"),
    "visit.done": _("Return visit recorded"),
    "sharing.summary": _("Summary of practice recorded"),
    "sharing.activity": _("Experience-sharing activity recorded"),
    "monitoring.flag": _("Obligation flagged (overdue or not planned)"),
    "incident.report": _("Incident reported"),
    "incident.no_action": _("Incident closed without action"),
    "incident.case_opened": _("Revocation case opened from an incident"),
    "revocation.open": _("Revocation case opened"),
    "revocation.respond": _("Organisation responded to the revocation case"),
    "recovery.open": _("Recovery of the prize money opened"),
    "recovery.update": _("Recovery of the prize money recorded"),
    "ban.create": _("Ban applied"),
    "fraud_bar.open": _("Disqualified for fraud: bar to be decided"),
    "fraud_bar.no_bar": _("Fraud: no bar follows"),
    "fraud_bar.proposed": _("Fraud: bar proposed to the municipal government"),
    "fraud_bar.barred": _("Fraud: barred by the municipal government"),
    "ban.notice": _("Notice of the ban sent"),
    # Webhooks
    "webhook.create": _("Webhook subscription created"),
    "webhook.disable": _("Webhook subscription disabled"),
    "webhook.resend": _("Failed webhook delivery sent again"),
}

# What the part before the dot names, for "<kind>.<state>" moves.
KIND_LABELS: dict[str, Promise] = {
    "round": _("Round"),
    "application": _("Application"),
    "review": _("Review"),
    "objection": _("Objection"),
    "grant": _("Award"),
    "annual_report": _("Annual report"),
    "revocation": _("Revocation case"),
    "reassessment": _("Re-assessment"),
    "fund_use": _("Prize-money use report"),
    "visit": _("Return visit"),
    "incident": _("Incident"),
    "adverse_record": _("Adverse record after the eligibility decision"),
    "work_plan": _("Annual work plan"),
}

# The enum holding the states of each kind, added by the app that owns the kind in its
# ``AppConfig.ready()`` (decisionlog sits below every app that writes to the log).
KIND_STATE_ENUMS: dict[str, type[TextChoices]] = {}


# States logged for objects without a choices field (e.g. the second-factor policy).
OTHER_STATE_LABELS: dict[str, Promise] = {
    "required": _("Required"),
    "optional": _("Optional"),
}

ACTOR_LABELS: dict[str, Promise] = {
    "system": _("The portal (on schedule)"),
    "public": _("A member of the public"),
}


def register_state_enum(kind: str, enum: type[TextChoices]) -> None:
    """The states of ``kind`` (the part before the dot of a "<kind>.<state>" move)."""
    KIND_STATE_ENUMS[kind] = enum


def kind_enum(kind: str) -> type[TextChoices] | None:
    return KIND_STATE_ENUMS.get(kind)


def _model_state_label(object_type: str, code: str) -> str | None:
    """The label of ``code`` in a choices field of the logged object's model, if one has it
    (the object's own field is the surest source: a draw's states are not a review's)."""
    if not object_type:
        return None
    try:
        model = apps.get_model(current_label(object_type))
    except (LookupError, ValueError):
        return None
    fields = [f for f in model._meta.concrete_fields if f.choices]
    fields.sort(key=lambda f: f.name not in ("status", "stage", "state", "result"))
    for f in fields:
        choices = dict(f.flatchoices)
        if code in choices:
            return str(choices[code])
    return None


def state_label(kind: str, code: str, object_type: str = "") -> str:
    """The label of a state code: from the logged object's model, else the kind's enum, else
    any known state enum."""
    if not code:
        return ""
    found = _model_state_label(object_type, code)
    if found is not None:
        return found
    preferred = kind_enum(kind)
    others = [kind_enum(k) for k in KIND_STATE_ENUMS if k != kind]
    for enum in [preferred, *others]:
        if enum is not None and code in enum.values:
            return str(enum(code).label)
    return str(OTHER_STATE_LABELS.get(code, code))


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    kind, _sep, state = action.partition(".")
    if kind in KIND_LABELS and state:
        return str(_("%(kind)s: %(state)s")) % {
            "kind": KIND_LABELS[kind],
            "state": state_label(kind, state),
        }
    return action


def actor_label(label: str) -> str:
    return str(ACTOR_LABELS.get(label, label))
