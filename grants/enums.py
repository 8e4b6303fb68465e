from django.db import models
from django.utils.translation import gettext_lazy as _


class GrantStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


GRANT_TRANSITIONS: dict[str, set[str]] = {
    GrantStatus.VALID: {GrantStatus.EXPIRED, GrantStatus.REVOKED},
    # R8 / Art. 28: fraud found after the three years still revokes the award; so does an
    # Art. 30 ground whose event fell within the validity (sanctions' check_within_validity).
    GrantStatus.EXPIRED: {GrantStatus.REVOKED},
    GrantStatus.REVOKED: set(),
}


class BanReason(models.TextChoices):
    # R8: the length of each is a programme rule setting (fraud_bar_years,
    # revocation_bar_years; the 2022 measures: 10 and 5 years), so the label names none.
    FRAUD = "fraud", _("Fraud (Art. 28)")
    REVOCATION = "revocation", _("Revocation (Art. 30)")


# Records kept about grants after approval: plaques (Art. 8, 22), imported history (Art. 34).


class PlaqueKind(models.TextChoices):
    PLAQUE = "plaque", _("Plaque")
    TROPHY = "trophy", _("Trophy")


class Measures(models.TextChoices):
    """Art. 34: the 2022 measures replaced those of 2017 (赣市府发〔2017〕12号)."""

    M2017 = "2017", _("2017 measures (赣市府发〔2017〕12号)")
    M2022 = "2022", _("2022 measures")


class CertificateRender(models.TextChoices):
    """Where a certificate's PDF is (R15). A worker claims a queued render (RENDERING, with the
    time it was claimed), renders outside any transaction and records the file (DONE). A
    render that still fails after the task's retries is FAILED with its error, until the
    office asks for it again (QUEUED). A claim whose worker died is taken again after
    ``CERTIFICATE_STALE_SECONDS``."""

    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Being rendered")
    FAILED = "failed", _("Failed")
    DONE = "done", _("Done")
