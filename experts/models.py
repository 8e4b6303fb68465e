"""The expert pool (评审员专家库, Art. 11(2)): experts and the review agencies they may come from,
former employers (R12 conflicts), and disqualification by the leading group (Art. 32).

The tables keep the names they had when these models lived in the reviews app (``db_table``),
so moving them copied no row."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewAgency(models.Model):
    """A contracted review agency (评审机构) whose experts serve in the pool; it can be
    disqualified like an expert (Art. 32, R12): proposed by the office, decided by the
    leading group, its experts' assignments withdrawn."""

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    contract = models.CharField(_("contract"), max_length=300, blank=True)
    contract_until = models.DateField(_("contract until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    programmes = models.ManyToManyField(
        "awards.AwardProgramme", verbose_name=_("programmes"), related_name="agencies", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reviews_reviewagency"
        verbose_name = _("review agency")
        verbose_name_plural = _("review agencies")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ExpertProfile(models.Model):
    """A member of the expert pool (评审员专家库, Art. 11(2)); shareable across programmes.

    The programme that owns the profile (the one that first put the expert in its pool) alone
    edits it: the fields, the former employers it recorded, deactivation and the login. Another
    programme sharing the expert keeps its own note and adds its own former employers
    (``ExpertFormerEmployer.programme``), which only add conflicts."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expert_profile",
    )
    name = models.CharField(_("name"), max_length=50)
    employer = models.CharField(_("employer"), max_length=200)
    employer_credit_code = models.CharField(
        _("employer's unified social credit code"), max_length=18, blank=True
    )
    title = models.CharField(_("professional title"), max_length=100, blank=True)
    qualifications = models.CharField(_("qualifications"), max_length=300, blank=True)
    specialties = models.CharField(_("specialties"), max_length=300, blank=True)
    industries = models.CharField(_("industries"), max_length=300, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    programmes = models.ManyToManyField(
        "awards.AwardProgramme", verbose_name=_("programmes"), related_name="experts", blank=True
    )
    agency = models.ForeignKey(
        ReviewAgency,
        verbose_name=_("review agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="experts",
    )
    owner = models.ForeignKey(
        "awards.AwardProgramme",
        verbose_name=_("owning programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        db_table = "reviews_expertprofile"
        verbose_name = _("expert")
        verbose_name_plural = _("expert pool")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.employer}）"

    def owning_programme_id(self) -> int | None:
        """The owner, or for a profile made outside the pool's pages (admin, fixtures) the
        programme whose pool it joined first."""
        if self.owner_id is not None:
            return self.owner_id
        through = ExpertProfile.programmes.through
        return (
            through.objects.filter(expertprofile_id=self.pk)
            .order_by("pk")
            .values_list("awardprogramme_id", flat=True)
            .first()
        )


class ExpertProgrammeNote(models.Model):
    """A sharing programme's own note on an expert it does not own (the profile stays the
    owner's)."""

    expert = models.ForeignKey(
        ExpertProfile, on_delete=models.CASCADE, related_name="programme_notes"
    )
    programme = models.ForeignKey(
        "awards.AwardProgramme", on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme's note on an expert")
        verbose_name_plural = _("programmes' notes on experts")
        constraints = [
            models.UniqueConstraint(fields=["expert", "programme"], name="one_note_per_programme")
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.programme}"


class ExpertFormerEmployer(models.Model):
    """A former employer of an expert, with dates (R12: a former employer within 3 years is a
    conflict of interest). Every row counts as a conflict whichever programme recorded it;
    each programme edits only the rows it recorded."""

    expert = models.ForeignKey(
        ExpertProfile, on_delete=models.CASCADE, related_name="former_employers"
    )
    programme = models.ForeignKey(
        "awards.AwardProgramme",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer = models.CharField(_("former employer"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    from_date = models.DateField(_("from"), null=True, blank=True)
    to_date = models.DateField(_("to"))

    class Meta:
        db_table = "reviews_expertformeremployer"
        verbose_name = _("former employer")
        verbose_name_plural = _("former employers")
        ordering = ["-to_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_date__isnull=True)
                | models.Q(from_date__lte=models.F("to_date")),
                name="former_employer_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.employer


class DisqualificationDecision(models.TextChoices):
    PENDING = "pending", _("Awaiting the leading group")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


def _one_pending_proposal(subject: str, *, name: str) -> models.UniqueConstraint:
    """At most one proposal awaiting the leading group per subject (the foreign key
    ``subject``) of a :class:`DisqualificationRecord`."""
    return models.UniqueConstraint(
        fields=[subject], condition=models.Q(decision="pending"), name=name
    )


class DisqualificationRecord(models.Model):
    """Art. 32 (R12): what every disqualification keeps: the office's proposal with its
    reason, the leading group's decision, and the history (never deleted)."""

    programme = models.ForeignKey(
        "awards.AwardProgramme", on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=DisqualificationDecision.choices,
        default=DisqualificationDecision.PENDING,
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    # The name of the foreign key to what is disqualified ("expert", "agency").
    subject_field: ClassVar[str]

    class Meta:
        abstract = True
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"{getattr(self, self.subject_field)} · {self.get_decision_display()}"


class ExpertDisqualification(DisqualificationRecord):
    """Art. 32 (R12): the office proposes to disqualify an expert (取消评审资格), a member of
    the leading group decides; the history and the referral to the employer are kept."""

    subject_field = "expert"
    expert = models.ForeignKey(
        ExpertProfile, on_delete=models.PROTECT, related_name="disqualifications"
    )
    referral_note = models.TextField(_("referral to the employer"), blank=True)

    class Meta(DisqualificationRecord.Meta):
        db_table = "reviews_expertdisqualification"
        verbose_name = _("expert disqualification")
        verbose_name_plural = _("expert disqualifications")
        constraints = [_one_pending_proposal("expert", name="one_pending_disqualification")]


class AgencyDisqualification(DisqualificationRecord):
    """Art. 32 (R12): the office proposes to disqualify a review agency, a member of the
    leading group decides; the history and the referral are kept."""

    subject_field = "agency"
    agency = models.ForeignKey(
        ReviewAgency, on_delete=models.PROTECT, related_name="disqualifications"
    )
    referral_note = models.TextField(_("referral"), blank=True)

    class Meta(DisqualificationRecord.Meta):
        db_table = "reviews_agencydisqualification"
        verbose_name = _("agency disqualification")
        verbose_name_plural = _("agency disqualifications")
        constraints = [_one_pending_proposal("agency", name="one_pending_agency_disqualification")]
