from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.enums import PrizeLevel
from publicity.enums import ObjectionStatus, PlenaryOutcome, VoteChoice


class PlenaryMeeting(models.Model):
    """The leading group's plenary (Art. 21) deciding the proposed list."""

    round = models.ForeignKey("awards.Round", on_delete=models.PROTECT, related_name="plenaries")
    held_on = models.DateField(_("meeting date"))
    attendees = models.TextField(_("attendees"), blank=True)
    members_total = models.PositiveSmallIntegerField(_("members of the leading group"), default=0)
    members_present = models.PositiveSmallIntegerField(_("members present"), default=0)
    minutes = models.TextField(_("minutes"), blank=True)
    # The office may record the plenary's result for members who do not log in themselves.
    entered_on_behalf = models.BooleanField(
        _("entered by the office on the leading group's behalf"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Members' voting in the portal (publicity/services/voting.py): open while members cast ballots.
    voting_open = models.BooleanField(_("voting open"), default=False)
    voting_opened_at = models.DateTimeField(_("voting opened at"), null=True, blank=True)
    voting_closed_at = models.DateTimeField(_("voting closed at"), null=True, blank=True)
    secret_ballot = models.BooleanField(_("secret ballot"), default=False)

    class Meta:
        verbose_name = _("plenary meeting")
        verbose_name_plural = _("plenary meetings")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.round} · {self.held_on}"


class PlenaryDecision(models.Model):
    """The plenary's decision on one candidate: passed or rejected, at a prize level."""

    meeting = models.ForeignKey(PlenaryMeeting, on_delete=models.PROTECT, related_name="decisions")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="plenary_decisions"
    )
    level = models.CharField(_("prize level"), max_length=20, choices=PrizeLevel.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=PlenaryOutcome.choices)
    votes_agree = models.PositiveSmallIntegerField(_("agree"), default=0)
    votes_disagree = models.PositiveSmallIntegerField(_("disagree"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstain"), default=0)
    note = models.TextField(_("note"), blank=True)

    # Replaces the display Django derives from the choices: the programme names its levels.
    def get_level_display(self) -> str:  # type: ignore[no-redef]
        return self.meeting.round.level_name(self.level)

    class Meta:
        verbose_name = _("plenary decision")
        verbose_name_plural = _("plenary decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "application"], name="one_decision_per_candidate"
            )
        ]


class PlenaryVote(models.Model):
    """A member's own vote, where members vote in the portal."""

    meeting = models.ForeignKey(PlenaryMeeting, on_delete=models.PROTECT, related_name="votes")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    level = models.CharField(_("prize level"), max_length=20, choices=PrizeLevel.choices)
    cast_at = models.DateTimeField(auto_now_add=True)

    # Replaces the display Django derives from the choices: the programme names its levels.
    def get_level_display(self) -> str:  # type: ignore[no-redef]
        return self.meeting.round.level_name(self.level)

    class Meta:
        verbose_name = _("plenary vote")
        verbose_name_plural = _("plenary votes")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "application", "member"], name="one_vote_per_member"
            )
        ]


class PlenaryRecusal(models.Model):
    """A member tied to a candidate declares it and does not vote on it (Art. 21, R14)."""

    meeting = models.ForeignKey(PlenaryMeeting, on_delete=models.PROTECT, related_name="recusals")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason for recusal"))
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "application", "member"], name="one_recusal_per_member"
            )
        ]


class PublicityPeriod(models.Model):
    """Art. 21: at least 10 whole calendar days in Asia/Shanghai."""

    round = models.ForeignKey("awards.Round", on_delete=models.PROTECT, related_name="publicities")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    notice = models.TextField(_("notice text"), blank=True)
    objection_contact = models.TextField(_("how to object"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    applications = models.ManyToManyField(
        "applications.Application", related_name="publicities", verbose_name=_("candidates")
    )

    class Meta:
        verbose_name = _("publicity period")
        verbose_name_plural = _("publicity periods")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="publicity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {timezone.localtime(self.starts_at):%Y-%m-%d}"


class Objection(models.Model):
    publicity = models.ForeignKey(
        PublicityPeriod, on_delete=models.PROTECT, related_name="objections"
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("organisation objected to"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    receipt_number = models.CharField(_("receipt number"), max_length=30, unique=True)
    # The objector's identity is seen by the office alone.
    objector_name = models.CharField(_("name (person or organisation)"), max_length=100, blank=True)
    objector_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    objector_email = models.EmailField(_("e-mail"), blank=True)
    grounds = models.TextField(_("grounds"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Office user who entered an objection received by letter or phone."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.RECEIVED,
    )
    not_accepted_reason = models.TextField(_("why not accepted"), blank=True)
    verification = models.TextField(_("verification findings"), blank=True)
    organisation_response = models.TextField(_("organisation's response"), blank=True)
    handling_opinion = models.TextField(_("handling opinion"), blank=True)
    receipt_emailed_at = models.DateTimeField(_("receipt e-mailed at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Art. 21: the leading group decides; where its office records the decision for it, the
    # meeting that took it is named.
    decided_at_meeting = models.CharField(_("meeting that decided"), max_length=200, blank=True)
    entered_on_behalf = models.BooleanField(
        _("recorded by the office for the leading group"), default=False
    )
    # Upheld and took the organisation off the proposed list: the leading group then confirms
    # or amends the list (ListDecision).
    removed_from_list = models.BooleanField(_("removed from the proposed list"), default=False)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.receipt_number


class ListDecision(models.Model):
    """Art. 21: after an upheld objection takes a candidate off the proposed list, the leading
    group confirms the list as it stands or amends it, with the reason. A candidate it adds is
    publicised for its own full period (``publicity``)."""

    round = models.ForeignKey("awards.Round", on_delete=models.PROTECT, related_name="+")
    objection = models.OneToOneField(
        Objection, on_delete=models.PROTECT, related_name="list_decision"
    )
    amended = models.BooleanField(_("list amended"), default=False)
    reason = models.TextField(_("reason"))
    publicity = models.OneToOneField(
        PublicityPeriod,
        verbose_name=_("publicity of the added candidates"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="list_decision",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_on_behalf = models.BooleanField(
        _("entered by the office on the leading group's behalf"), default=False
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision on the proposed list")
        verbose_name_plural = _("decisions on the proposed list")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.round} · {self.objection}"
