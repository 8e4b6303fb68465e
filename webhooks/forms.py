from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import AwardProgramme
from common.forms import BootstrapStyle
from webhooks.enums import WebhookEvent


class SubscriptionForm(BootstrapStyle, forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=AwardProgramme.objects.none(), empty_label=None
    )
    name = forms.CharField(
        label=_("Name of the receiving system"),
        max_length=100,
        help_text=_("E.g. the provincial award body's records system."),
    )
    url = forms.URLField(
        label=_("Receiving URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The portal POSTs each event to this address (HTTPS)."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, programme_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = AwardProgramme.objects.filter(pk__in=programme_ids).order_by("pk")
        self._style()
