"""Forms of contracted review agencies. They validate input; the services decide."""

from __future__ import annotations

from django import forms

from experts.forms.pool import BootstrapMixin
from experts.models import ReviewAgency


class AgencyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ReviewAgency
        fields = ("name", "credit_code", "contact_name", "phone", "contract", "contract_until")
        widgets = {"contract_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
