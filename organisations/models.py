from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from organisations.enums import (
    DivisionKind,
    IndustrySection,
    OrganisationSize,
    Ownership,
    RecommenderKind,
    Sector,
    sector_for_industry,
)
from organisations.validators import validate_credit_code, validate_section_letters

#: An award programme (``awards.AwardProgramme``). organisations sits below awards: it names
#: programmes through its relations (the programmes a unit serves) and types them as models.
Programme = models.Model


class Division(models.Model):
    """Ganzhou's county-level divisions, plus the two zones that recommend like counties; other
    cities' divisions where another city's programme runs on the portal."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DivisionKind.choices)
    # The prefecture-level city the division lies in (赣州市): R5 / Art. 13(1), a programme's
    # registration area can be a whole city ("在本市行政区域内依法登记注册").
    city = models.CharField(_("city"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("organisation name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50)
    address = models.CharField(_("registered address"), max_length=300)
    division = models.ForeignKey(
        Division, verbose_name=_("county/district"), on_delete=models.PROTECT
    )
    founded_on = models.DateField(_("founding date"))
    industry_section = models.CharField(
        _("industry (GB/T 4754 section)"), max_length=1, choices=IndustrySection.choices
    )
    industry_class = models.CharField(_("industry class"), max_length=100, blank=True)
    ownership = models.CharField(
        _("ownership"), max_length=20, choices=Ownership.choices, default=Ownership.PRIVATE
    )
    size = models.CharField(
        _("size"), max_length=10, choices=OrganisationSize.choices, default=OrganisationSize.MEDIUM
    )
    staff_count = models.PositiveIntegerField(_("staff count"), default=0)
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    contact_email = models.EmailField(_("contact e-mail"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> str:
        return sector_for_industry(self.industry_section)

    def get_sector_display(self) -> str:
        return str(Sector(self.sector).label)


class OrganisationMembership(models.Model):
    """An applicant user belongs to one organisation and sees only it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    is_admin = models.BooleanField(_("can invite colleagues"), default=True)
    # Self-registration sets False until the user follows the link e-mailed to it; invited
    # colleagues proved their address by following the invitation.
    email_verified = models.BooleanField(_("e-mail verified"), default=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation user")
        verbose_name_plural = _("organisation users")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class Recommender(models.Model):
    """A county/district government, zone, industry department or association (Art. 12, 28)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RecommenderKind.choices)
    division = models.ForeignKey(
        Division,
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    # An industry department or association recommends the organisations of
    # its industries, given as GB/T 4754 section letters ("C" or "CDE"); a county/district
    # or zone recommends those of its division.
    industry_sections = models.CharField(
        _("industries (GB/T 4754 sections)"),
        max_length=len(IndustrySection.values),
        blank=True,
        validators=[validate_section_letters],
        help_text=_(
            "For an industry department or association: the letters of the GB/T 4754 sections "
            "it covers, e.g. C for manufacturing or EM."
        ),
    )
    # A deactivated unit keeps its history (the applications it recommended name it) but
    # recommends no more; units are never deleted once they have recommended (Art. 12, 28).
    active = models.BooleanField(_("active"), default=True)
    # The programmes whose office manages the unit and its users (a unit such as a county
    # government may serve the Mayor's award and a county award alike).
    programmes = models.ManyToManyField(
        "awards.AwardProgramme",
        verbose_name=_("programmes"),
        related_name="recommenders",
        blank=True,
    )

    class Meta:
        verbose_name = _("recommending unit")
        verbose_name_plural = _("recommending units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.industry_sections = self.industry_sections.strip().upper()
        if self.kind == RecommenderKind.COUNTY and self.division_id is None:
            raise ValidationError(
                {"division": _("A county/district or zone recommends its division: choose it.")}
            )
        if self.kind != RecommenderKind.COUNTY and not self.industry_sections:
            raise ValidationError(
                {
                    "industry_sections": _(
                        "An industry department or association recommends its industries: "
                        "give their GB/T 4754 section letters."
                    )
                }
            )

    def covers(self, organisation: Organisation) -> bool:
        """Art. 12: the unit's scope holds the organisation: a county/district or zone its
        own division, an industry department or association its GB/T 4754 sections (the
        same test as ``applications.selectors.application.in_my_scope``)."""
        if self.kind == RecommenderKind.COUNTY:
            return self.division_id is not None and self.division_id == organisation.division_id
        section = organisation.industry_section
        return bool(section) and section in self.industry_sections

    def scope_label(self) -> str:
        """What the unit's scope is, for the pages that say so."""
        if self.kind == RecommenderKind.COUNTY:
            return str(self.division) if self.division_id else ""
        labels = dict(IndustrySection.choices)
        return "; ".join(str(labels[s]) for s in self.industry_sections if s in labels)


class Department(models.Model):
    """An outside government department consulted at eligibility (Art. 17)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OneTimeInvitation(models.Model):
    """An invitation by e-mail that opens one account once, before it expires, unless its
    inviter cancels it. Only the SHA-256 hash of the token is stored; the token itself is only
    in the e-mail (sending it again gives a new token: the old link ends)."""

    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        """Neither used, nor cancelled, nor expired: its link still works."""
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )


class OrganisationInvitation(OneTimeInvitation):
    """A one-time invitation of a colleague into an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class ProgrammeInvitation(OneTimeInvitation):
    """A one-time invitation of a programme's office user or leading-group member, sent by the
    installation's operator or by the city office that guides the programme (Art. 11(9))."""

    programme = models.ForeignKey(
        "awards.AwardProgramme",
        verbose_name=_("award programme"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[(Role.OFFICE, Role.OFFICE.label), (Role.LEADING_GROUP, Role.LEADING_GROUP.label)],
    )

    class Meta:
        verbose_name = _("invitation to a programme")
        verbose_name_plural = _("invitations to a programme")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.programme} ({self.get_role_display()})"
