"""The production stack (docker-compose.yml): the reverse proxy is the only published service,
it passes requests with the deployment's proxy settings, and Django trusts exactly that one
proxy's X-Forwarded-For entry (the proxy itself is driven for real in
tests/integration/test_proxy_client_address.py)."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings


def test_docker_compose_publishes_the_proxy_alone_and_trusts_one_proxy() -> None:
    compose = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())
    services = compose["services"]
    published = sorted(name for name, service in services.items() if service.get("ports"))
    assert published == ["proxy"]
    assert services["proxy"]["image"].startswith("nginx:")
    mounts = services["proxy"]["volumes"]
    assert "./deploy/nginx/proxy.conf:/etc/nginx/portal/proxy.conf:ro" in mounts
    assert (
        "include /etc/nginx/portal/proxy.conf;"
        in (Path(settings.BASE_DIR) / "deploy" / "nginx" / "portal.conf").read_text()
    )
    assert services["web"]["environment"]["NUM_PROXIES"] == "${NUM_PROXIES:-1}"
    assert "0.0.0.0:8000" in services["web"]["command"]  # reached on the stack's network only
