"""A receiving system as an integrator writes it: a real HTTP server on 127.0.0.1 in a thread
that checks each request's signature with its own code (the ``hmac`` module, written here from
docs/webhooks.md, never the portal's signer) and refuses a stale timestamp.

``statuses`` scripts the answers (one per request, then 200); ``requests`` keeps every request
with whether its signature held."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOLERANCE_SECONDS = 300


def verify(secret: str, header: str, body: bytes, now: float) -> str:
    """The receiver's check: "" when the request is genuine and fresh, else why not."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    if "t" not in parts or "v1" not in parts:
        return "malformed signature header"
    timestamp = int(parts["t"])
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return "stale timestamp"
    expected = hmac.new(
        secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, parts["v1"]):
        return "bad signature"
    return ""


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    refusal: str

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Receiver:
    secret: str = ""
    statuses: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    clock: Callable[[], float] = time.time
    delay_seconds: float = 0.0
    url: str = ""

    def answer(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str]]:
        refusal = verify(self.secret, headers.get("X-Award-Signature", ""), body, self.clock())
        self.requests.append(Received(path, headers, body, refusal))
        if refusal:
            return 400, {}
        status = self.statuses.pop(0) if self.statuses else 200
        extra = {"Location": self.url + "elsewhere"} if 300 <= status < 400 else {}
        return status, extra

    def replay(self, received: Received) -> int:
        """Send a request captured earlier again, as an attacker who recorded it would."""
        status, _extra = self.answer(received.path, received.headers, received.body)
        return status


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            if receiver.delay_seconds:
                time.sleep(receiver.delay_seconds)
            status, extra = receiver.answer(self.path, dict(self.headers.items()), body)
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            text = b"ok" if status < 300 else f"refused {status}".encode()
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/award/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
