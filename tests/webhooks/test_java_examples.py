"""The integrators' Java examples compile, and the webhook signature check in
docs/webhooks.md accepts what the portal signs and refuses a changed body or an old
timestamp: the Java is taken from the documentation itself, so the docs cannot drift."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from webhooks.signing import signature_header

pytestmark = pytest.mark.java

DOCS = Path(settings.BASE_DIR) / "docs"

CHECKER = """
import java.nio.file.Files;
import java.nio.file.Path;

public final class CheckSignature {
    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[2]));
        System.out.print(AwardWebhook.verify(args[0], args[1], body));
    }
}
"""


def _java_blocks(name: str) -> list[str]:
    text = (DOCS / name).read_text(encoding="utf-8")
    blocks = re.findall(r"```java\n(.*?)```", text, flags=re.S)
    assert blocks, f"no Java example in docs/{name}"
    return blocks


def _compile(directory: Path, *files: Path) -> None:
    done = subprocess.run(
        ["javac", "-encoding", "UTF-8", "-d", str(directory), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr


def test_the_signature_check_in_java_accepts_the_portals_signature(tmp_path: Path) -> None:
    (verifier,) = _java_blocks("webhooks.md")
    source = tmp_path / "AwardWebhook.java"
    source.write_text(verifier, encoding="utf-8")
    checker = tmp_path / "CheckSignature.java"
    checker.write_text(CHECKER, encoding="utf-8")
    _compile(tmp_path, source, checker)
    secret = "whsec_测试secret"
    body = '{"type":"award.revoked","reason":"第三十条"}'.encode()
    (tmp_path / "body.json").write_bytes(body)
    (tmp_path / "changed.json").write_bytes(body.replace(b"revoked", b"granted"))

    def verify(header: str, body_file: str) -> str:
        done = subprocess.run(
            ["java", "-cp", str(tmp_path), "CheckSignature", secret, header, body_file],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    now = int(time.time())
    assert verify(signature_header(secret, now, body), "body.json") == "true"
    assert verify(signature_header(secret, now, body), "changed.json") == "false"
    assert verify(signature_header(secret, now - 3600, body), "body.json") == "false"
    assert verify(signature_header("whsec_other", now, body), "body.json") == "false"


def test_the_api_guides_java_example_compiles(tmp_path: Path) -> None:
    statements = "\n".join(_java_blocks("api.md"))
    source = tmp_path / "ReadWinners.java"
    source.write_text(
        "public final class ReadWinners {\n"
        "    public static void main(String[] args) throws Exception {\n"
        f"{statements}\n"
        "    }\n"
        "}\n",
        encoding="utf-8",
    )
    _compile(tmp_path, source)
