"""Forms of members' voting in the portal (Art. 21)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Round
from publicity.enums import VoteChoice
from publicity.selectors.voting import RECUSED

BALLOT_CHOICES = [*VoteChoice.choices, (RECUSED, _("Recusal (I am tied to this candidate)"))]


class BallotForm(forms.Form):
    """One member's ballot on one candidate: a vote with a prize level, or a recusal."""

    application = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(label=_("Your vote"), choices=BALLOT_CHOICES)
    level = forms.ChoiceField(label=_("Prize level"), choices=[("", "—")], required=False)
    reason = forms.CharField(
        label=_("Reason for recusal"),
        required=False,
        max_length=500,
        widget=forms.TextInput,
    )

    def __init__(self, *args: Any, round: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level = self.fields["level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = [("", "—"), *round.level_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("choice")
        if choice == RECUSED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for your recusal."))
        elif choice and choice != RECUSED and not data.get("level"):
            self.add_error("level", _("Choose the prize level."))
        return data


class OpenVotingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Meeting date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    members_total = forms.IntegerField(label=_("Members of the leading group"), min_value=1)
    secret_ballot = forms.BooleanField(
        label=_("Secret ballot (only the counts are shown)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class CloseVotingForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea)
