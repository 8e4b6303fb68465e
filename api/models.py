"""API keys: one per integration of another government system, scoped to one programme, one
role (the office, or a department) and read or write access. Only the SHA-256 of the secret
is stored; the key itself is shown once, when it is created."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.enums import KeyAccess, KeyScope


class ApiKey(models.Model):
    programme = models.ForeignKey(
        "awards.AwardProgramme",
        on_delete=models.PROTECT,
        related_name="api_keys",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=20, choices=KeyScope.choices)
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_keys",
        verbose_name=_("department"),
    )
    # The account whose rights the key carries: the office member who created an office key,
    # the department's liaison for a department key. The same predicates as in the browser
    # apply to it, so a key never sees more than that person does.
    acts_as = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_keys",
        verbose_name=_("acts as"),
    )
    access = models.CharField(_("access"), max_length=10, choices=KeyAccess.choices)
    # The public part of the key, shown in lists and used to find the row.
    prefix = models.CharField(_("key prefix"), max_length=16, unique=True)
    secret_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope=KeyScope.OFFICE, department__isnull=True)
                    | models.Q(scope=KeyScope.DEPARTMENT, department__isnull=False)
                ),
                name="api_key_department_iff_department_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_usable(self) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and self.expires_at > timezone.now()
