"""Check an archive ZIP as its recipient would: every member's SHA-256 against the manifest,
no member missing or added, and every decision-log row's hash recomputed."""

from __future__ import annotations

import hashlib
import json
import zipfile
from functools import partial
from pathlib import Path
from typing import IO

from archives.logexport import verify_log_document

UNLISTED = {"manifest.json", "SHA256SUMS"}


def verify_archive(source: str | Path | IO[bytes]) -> list[str]:
    """The problems found in the archive (empty: intact)."""
    problems: list[str] = []
    with zipfile.ZipFile(source) as archive:
        names = set(archive.namelist())
        if "manifest.json" not in names:
            return ["manifest.json is missing"]
        manifest = json.loads(archive.read("manifest.json"))
        listed = {m["name"]: m for m in manifest.get("members", [])}
        for name in sorted(names - UNLISTED - set(listed)):
            problems.append(f"{name}: not in the manifest")
        for name, member in listed.items():
            if name not in names:
                problems.append(f"{name}: listed in the manifest but missing")
                continue
            digest = hashlib.sha256()
            size = 0
            with archive.open(name) as handle:
                for chunk in iter(partial(handle.read, 1024 * 1024), b""):
                    digest.update(chunk)
                    size += len(chunk)
            if digest.hexdigest() != member["sha256"] or size != member["size"]:
                problems.append(f"{name}: SHA-256 or size differs from the manifest")
        if "decision-log.json" in names:
            log = json.loads(archive.read("decision-log.json"))
            problems.extend(f"decision-log.json: {p}" for p in verify_log_document(log))
    return problems
