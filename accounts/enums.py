from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles held per award programme (a county's office sees only its own programme)."""

    OFFICE = "office", _("Office staff")
    EXPERT = "expert", _("Expert reviewer")
    LEADING_GROUP = "leading_group", _("Leading-group member")
    RECOMMENDER = "recommender", _("Recommender")
    LIAISON = "liaison", _("Department liaison")


# Applicants are not a programme role: a user belongs to an organisation (OrganisationMembership)
# and that organisation may apply to any programme's open round.
APPLICANT = "applicant"
