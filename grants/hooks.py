"""What the apps above grants add to it, in their ``AppConfig.ready()`` (see each app's
``registrations.py``): grants sits below sanctions and monitoring and cannot call them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from accounts.models import User
from common.hooks import Hook, Registry
from grants.models import AwardGrant

#: A grant was created by the recorded approval (the grant, the actor), inside the approval's
#: transaction (monitoring schedules its annual quality performance reports, Art. 24).
grant_created: Hook[[AwardGrant, User]] = Hook("grant_created")

#: R8 / Art. 34: bans from before the portal were imported (the credit codes they name, the
#: actor, the day), inside the import's transaction (sanctions stops the applications in
#: progress of the organisations barred that day).
bans_imported: Hook[[Iterable[str], User, date]] = Hook("bans_imported")


@dataclass(frozen=True)
class GrantRecordSection:
    """A section of the office's records page of one grant: its template, and the function
    that gives the template its ``section`` context for the grant."""

    template: str
    context: Callable[[AwardGrant], dict[str, Any]]


#: Sections the apps above add to a grant's records page (sanctions: the incidents recorded
#: against the award, and the way to open a revocation case).
grant_record_sections: Registry[GrantRecordSection] = Registry("grant_record_sections")
