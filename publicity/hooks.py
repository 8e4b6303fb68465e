"""What publicity lets the apps above it take part in (they connect in ``AppConfig.ready()``).

* ``publicity_closed``: a publicity period ended (``close_publicity``), called in its
  transaction with the period (``closed_at`` set) and the locked round. A period's end writes
  no decision-log row of its own (the round's move to approval is logged once nothing is
  pending), so the apps that report it connect here. (webhooks: the ``publicity.closed``
  event.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.hooks import Hook

if TYPE_CHECKING:
    from awards.models import Round
    from publicity.models import PublicityPeriod

publicity_closed: Hook[[PublicityPeriod, Round]] = Hook("publicity_closed")
