"""The moments of a round that the stages above awards act on.

awards runs a round's stages but sits below the apps that hold what happens in them
(applications, reviews, ...), so it cannot call them. They connect here in their
``AppConfig.ready()`` (see each app's ``registrations.py``) and awards' services send the hook
where the moment happens, inside their transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from awards.models import Round
from common.hooks import Hook, Registry

#: R1: the application window closed (the round has just moved to the eligibility check).
#: applications lapses the drafts left unsubmitted.
window_closed: Hook[[Round]] = Hook("window_closed")

#: R1: the office extended the application deadline, with its reason.
#: applications tells every applicant of the round.
deadline_extended: Hook[[Round, str]] = Hook("deadline_extended")

#: Art. 18: the office asks to start the material review. Each handler refuses with a
#: DomainError when the round is not ready (applications: every submitted application has its
#: eligibility decided and at least one is eligible).
material_review_checks: Hook[[Round]] = Hook("material_review_checks")

#: What the office's round page shows about each stage, beside the round's own settings:
#: providers of extra template context (applications: the applications per status).
round_page_context: Registry[Callable[[Round], dict[str, Any]]] = Registry("round_page_context")

#: The sections the stages add to the office's round page (templates given the round), in the
#: order of a round (reviews, publicity, grants).
round_page_partials: Registry[str] = Registry("round_page_partials")

#: R13: the attachment kinds a round may require in every dossier (value, label), given by
#: the app that keeps the attachments.
requirable_attachment_kinds: list[tuple[str, str | Promise]] = []


@dataclass(frozen=True)
class RoundCount:
    """One number of each round the city office sees of the programmes it guides: ``count``
    takes round ids and returns the number per round id (rounds with none may be left out),
    in one aggregate query whatever the number of rounds."""

    key: str
    label: str | Promise
    count: Callable[[list[int]], dict[int, int]]


#: Art. 11(9): the numbers of the county and zone rounds on the city office's oversight page
#: (applications, winners, revocations), added by the apps that hold them, in that order.
oversight_counts: Registry[RoundCount] = Registry("oversight_counts")
