"""What the apps above reviews add to it, in their ``AppConfig.ready()`` (see each app's
``registrations.py``): reviews sits below publicity and cannot ask it.
"""

from __future__ import annotations

from collections.abc import Callable

from awards.models import Round
from common.hooks import Registry

#: R12: why the office may not recompute a round's composite after a late conflict now, or
#: None (publicity: the leading group's voting session on the candidate list is open or its
#: plenary is recorded). Asked inside the recomputation's transaction, the round locked.
composite_recompute_refusals: Registry[Callable[[Round], str | None]] = Registry(
    "composite_recompute_refusals"
)
