from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Moves on whenever one of the user's second-factor devices is removed or unconfirmed
    # (accounts.second_factor): a session verified at an earlier value looks its device up
    # again, so a verified session costs no device query on every request.
    second_factor_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class ProgrammeRole(models.Model):
    """A user's role in one award programme. Recommenders and liaisons name their unit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="programme_roles")
    programme = models.ForeignKey(
        "awards.AwardProgramme", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    recommender = models.ForeignKey(
        "organisations.Recommender",
        verbose_name=_("recommending unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    department = models.ForeignKey(
        "organisations.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    active = models.BooleanField(_("active"), default=True)
    # Switched off by an administrator's reset of the user's second factor (a role outside the
    # resetting office's programmes); the user's next enrolment switches it on again. A role
    # switched off for any other reason keeps this False and stays off.
    suspended_for_second_factor = models.BooleanField(
        _("suspended until a new authenticator"), default=False
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme role")
        verbose_name_plural = _("programme roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme", "role"], name="one_role_grant_per_programme"
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.RECOMMENDER) | models.Q(recommender__isnull=False),
                name="recommender_role_names_unit",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.LIAISON) | models.Q(department__isnull=False),
                name="liaison_role_names_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.programme}"


class SecondFactorPolicy(models.Model):
    """Per programme: whether its leading-group members must log in with a second factor
    (office staff and experts always must: settings.OTP_REQUIRED_ROLES)."""

    programme = models.OneToOneField(
        "awards.AwardProgramme",
        on_delete=models.CASCADE,
        related_name="second_factor_policy",
        verbose_name=_("award programme"),
    )
    leading_group_required = models.BooleanField(
        _("leading-group members must use a second factor"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("second-factor policy")
        verbose_name_plural = _("second-factor policies")

    def __str__(self) -> str:
        return str(self.programme)
