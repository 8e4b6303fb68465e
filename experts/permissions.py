"""Who may change what in the expert pool (评审员专家库, Art. 11(2))."""

from __future__ import annotations

from awards.models import AwardProgramme
from experts.models import ExpertProfile


def owns_profile(expert: ExpertProfile, programme: AwardProgramme) -> bool:
    """The programme owns the profile: its office alone edits the shared fields, the former
    employers the owner recorded, deactivation and the login. Another programme sharing the
    expert adds only its own note and former employers."""
    return expert.owning_programme_id() == programme.pk
