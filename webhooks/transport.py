"""One POST to a receiver, with the guards a server posting to URLs that users typed needs.

* A short timeout (``WEBHOOK_TIMEOUT_SECONDS``) for the connection and each read.
* No redirect is followed (``http.client`` never follows one): a 3xx is a failed attempt.
* SSRF: the host is resolved once, every address it resolves to is checked, and the
  connection goes to the checked address (the name is not resolved a second time, so a DNS
  answer that changes between check and connection cannot point it elsewhere). Unless
  ``WEBHOOK_ALLOW_PRIVATE_TARGETS``, an address that is not globally routable (loopback,
  private, link-local, the cloud metadata address, shared, reserved, multicast) is refused.
* Only ``https`` when ``WEBHOOK_REQUIRE_HTTPS``; certificates are verified against the name.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from common.errors import DomainError
from common.transactions import ensure_outside_transaction

# What is kept of a receiver's answer (the office sees it in the delivery log).
RESPONSE_KEPT_CHARS = 300


class TargetRefused(DomainError):
    """The URL may not be posted to under the settings (scheme, or an address not public)."""


@dataclass(frozen=True)
class Response:
    status: int
    text: str


def _timeout() -> float:
    return float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 5))


def check_url(url: str) -> None:
    """Refuse a URL the portal would never post to: another scheme, HTTP where HTTPS is
    required, credentials in the URL, no host, or (unless private targets are allowed) a
    literal address or name of this machine or the internal network. A name is resolved only
    when a delivery is sent (``resolve``)."""
    parts = urlsplit(url)
    allowed = {"https"} if settings.WEBHOOK_REQUIRE_HTTPS else {"https", "http"}
    if parts.scheme not in allowed:
        raise TargetRefused(_("The receiving URL must start with https://."))
    if not parts.hostname or parts.username or parts.password:
        raise TargetRefused(_("Give a receiving URL with a host name and without a password."))
    if settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return
    host = parts.hostname.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        raise TargetRefused(_("Webhooks cannot be sent to this server or the internal network."))
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return
    _check_address(address)


def _check_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if not address.is_global or address.is_multicast:
        raise TargetRefused(_("Webhooks cannot be sent to this server or the internal network."))


def resolve(host: str, port: int) -> str:
    """The address to connect to; every address the name has must pass the check."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise TargetRefused(_("The receiving host name cannot be resolved.")) from exc
    addresses = [str(info[4][0]) for info in infos]
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        for address in addresses:
            _check_address(ipaddress.ip_address(address))
    return addresses[0]


def post(url: str, body: bytes, headers: dict[str, str]) -> Response:
    """POST ``body`` to ``url`` and return the status and the start of the answer. Raises
    ``TargetRefused`` for a URL the settings forbid and ``OSError`` (timeouts included) when
    the receiver cannot be reached. Never inside a transaction (pitfall 17)."""
    ensure_outside_transaction("sending a webhook")
    check_url(url)
    parts = urlsplit(url)
    host = str(parts.hostname)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    address = resolve(host, port)
    timeout = _timeout()
    connection: http.client.HTTPConnection
    sock = socket.create_connection((address, port), timeout=timeout)
    try:
        if secure:
            context = ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=host)
            connection = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
        else:
            connection = http.client.HTTPConnection(host, port, timeout=timeout)
        # The connection is already open to the checked address: http.client uses it as is.
        connection.sock = sock
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection.request("POST", path, body=body, headers=headers)
        answer = connection.getresponse()
        text = answer.read(4096).decode("utf-8", "replace")[:RESPONSE_KEPT_CHARS]
        return Response(status=answer.status, text=text)
    finally:
        sock.close()
