from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import ProgrammeRole
from api.enums import KeyAccess, KeyScope
from api.selectors import liaison_roles
from api.services import OFFICE_KEYS_READ_ONLY
from awards.models import AwardProgramme
from common.forms import BootstrapStyle, date_widget


class LiaisonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProgrammeRole) -> str:
        user = obj.user
        who = f"{user.username}（{user.full_name}）" if user.full_name else user.username
        return f"{obj.department} · {who}"


class ApiKeyForm(BootstrapStyle, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The system that will use the key, e.g. the provincial award body's platform."),
    )
    scope = forms.ChoiceField(
        label=pgettext_lazy("api key", "Scope"),
        choices=KeyScope.choices,
        widget=forms.RadioSelect,
        initial=KeyScope.OFFICE,
        help_text=_(
            "An office key reads what the office's pages show; a department key reads and "
            "answers that department's consultations (Art. 17), with its liaison's rights."
        ),
    )
    liaison = LiaisonChoice(
        label=_("Department liaison (department keys)"),
        queryset=ProgrammeRole.objects.none(),
        required=False,
    )
    access = forms.ChoiceField(
        label=_("Access"),
        choices=KeyAccess.choices,
        widget=forms.RadioSelect,
        initial=KeyAccess.READ,
        help_text=_("Office keys read only; a department's key may also answer and report."),
    )
    expires_on = forms.DateField(
        label=_("Valid until (inclusive)"),
        widget=date_widget(),
        help_text=_("At most two years."),
    )

    def __init__(self, *args: Any, programme: AwardProgramme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        liaison = self.fields["liaison"]
        assert isinstance(liaison, forms.ModelChoiceField)
        liaison.queryset = liaison_roles(programme)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=365)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == KeyScope.DEPARTMENT and not data.get("liaison"):
            self.add_error("liaison", _("Choose the liaison of the department."))
        if data.get("scope") == KeyScope.OFFICE and data.get("access") == KeyAccess.WRITE:
            self.add_error("access", OFFICE_KEYS_READ_ONLY)
        return data

    def key_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "scope": data["scope"],
            "access": data["access"],
            "expires_on": data["expires_on"],
            "liaison_role": data["liaison"] if data["scope"] == KeyScope.DEPARTMENT else None,
        }


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
