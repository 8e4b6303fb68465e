from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.enums import DeliveryState
from notifications.events import EVENTS


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of my messages"),
        choices=settings.LANGUAGES,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class OutboxFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Delivery state"),
        required=False,
        choices=[("", _("All states")), *DeliveryState.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    event = forms.ChoiceField(
        label=_("Message template"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    q = forms.CharField(
        label=_("Address or subject"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event_field = self.fields["event"]
        assert isinstance(event_field, forms.ChoiceField)
        event_field.choices = [("", _("All templates"))] + [
            (key, ev.label) for key, ev in EVENTS.items()
        ]
