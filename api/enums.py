from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyScope(models.TextChoices):
    """Whose rights a key carries: the programme's office, or one department consulted under
    Art. 17 (through the account of its liaison)."""

    OFFICE = "office", _("Office")
    DEPARTMENT = "department", _("Department")


class KeyAccess(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")
