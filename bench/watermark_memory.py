"""Stamping the largest allowed DOCX grows the process's memory by less than 100 MB.

Builds a Word document that expands to UPLOAD_MAX_OFFICE_EXPANDED_BYTES (default 100 MB):
random (incompressible) pictures and long Chinese text, then stamps it as an expert's download
is stamped (applications.office_stamp, file to temporary file) in a fresh subprocess, and
reports that process's peak resident memory (VmHWM) over its baseline after the imports,
and the time.

    .venv/bin/python bench/watermark_memory.py [--expanded-mb 100]
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MB = 100

CHILD = """
import re, sys, tempfile, time
sys.path.insert(0, sys.argv[2])
from applications.office_stamp import stamp_docx
def status(field):  # VmHWM, not ru_maxrss: that one keeps the forking parent's peak
    text = open("/proc/self/status").read()
    return int(re.search(field + r":\\s+(\\d+) kB", text).group(1))
base = status("VmHWM")
start = time.perf_counter()
with open(sys.argv[1], "rb") as source, tempfile.TemporaryFile() as target:
    stamp_docx(source, target, "王专家 · viewed 2026-11-28 09:30 · confidential")
    size = target.tell()
took = time.perf_counter() - start
peak = status("VmHWM")
print(base, peak, took, size)
"""


def build(path: Path, expanded_mb: int) -> int:
    """A DOCX expanding to about ``expanded_mb``: half pictures, half text. Its expanded size."""
    from docx import Document
    from docx.shared import Cm
    from PIL import Image

    document = Document()
    document.sections[0].header.paragraphs[0].text = "质量奖申报 · 自评报告"
    budget = expanded_mb * 1024 * 1024
    pictures = budget // 2 // (4 * 1024 * 1024)
    for n in range(pictures):
        picture = Image.frombytes("RGB", (1182, 1182), os.urandom(1182 * 1182 * 3))
        data = io.BytesIO()
        picture.save(data, format="PNG", compress_level=0)
        document.add_heading(f"附图 {n + 1}", level=2)
        document.add_picture(data, width=Cm(12))
    paragraph = "本单位坚持以质量为核心的发展战略，持续推进卓越绩效管理模式。" * 20
    document.add_section()
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "draft.docx"
        document.save(draft)
        text_room = budget - sum(i.file_size for i in zipfile.ZipFile(draft).infolist())
    for _ in range(max(0, int(text_room / (len(paragraph.encode()) * 1.35)))):
        document.add_paragraph(paragraph)
    document.save(path)
    return sum(i.file_size for i in zipfile.ZipFile(path).infolist())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--expanded-mb", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="award-bench-") as folder:
        path = Path(folder) / "自评报告.docx"
        expanded = build(path, args.expanded_mb)
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), str(ROOT)],
            check=True,
            capture_output=True,
            text=True,
        )
        base_kb, peak_kb, took, size = result.stdout.split()
        grew = (int(peak_kb) - int(base_kb)) / 1024
        print(
            f"DOCX {path.stat().st_size / 2**20:.1f} MB, expands to {expanded / 2**20:.1f} MB: "
            f"stamped in {float(took):.1f} s ({int(size) / 2**20:.1f} MB out); peak memory "
            f"{int(base_kb) / 1024:.1f} MB -> {int(peak_kb) / 1024:.1f} MB, grew {grew:.1f} MB "
            f"(target < {LIMIT_MB} MB)"
        )
        if grew >= LIMIT_MB:
            sys.exit(1)


if __name__ == "__main__":
    main()
