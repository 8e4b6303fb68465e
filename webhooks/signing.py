"""The signature of a delivery, as Stripe signs its webhooks.

``X-Award-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``: the
timestamp is inside the signed text, so a receiver that refuses an old ``t`` (five minutes is
the usual tolerance) also refuses a replayed request. docs/webhooks.md shows the check in
Python and Java."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Award-Signature"
EVENT_ID_HEADER = "X-Award-Event-Id"
EVENT_TYPE_HEADER = "X-Award-Event"
DELIVERY_HEADER = "X-Award-Delivery"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"`` under the UTF-8 bytes of ``secret``."""
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"
