"""The portal speaks Simplified Chinese: the zh_Hans catalogue is complete, consistent and
compiled, and the language switch works.

The catalogue is read with a small parser of our own (no polib in the project). The
extraction test re-runs ``makemessages`` on a copy of the source tree, so a string added to
the code without a translation fails here rather than showing up in English on the portal.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)
PO_PATH = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def label(self) -> str:
        ctx = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"line {self.line}: {ctx}{self.msgid!r}"

    def translations(self) -> list[str]:
        if self.msgid_plural is not None:
            return [self.msgstr_plural.get(0, "")]
        return [self.msgstr]


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, header first (msgid ""). Entries are separated by blank lines, as
    gettext and makemessages write them; obsolete (#~) lines are skipped."""
    entries: list[Entry] = []
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            blocks.append([])
        elif not line.startswith("#~"):
            blocks[-1].append((number, line))
    for block in blocks:
        if not any(line.startswith("msgid") for _, line in block):
            continue
        entry = Entry(line=block[0][0])
        target: tuple[str, int | None] | None = None
        for number, line in block:
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
                continue
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                assert target is not None, f"{path}:{number}: string without a keyword"
                name, index = target
                value = ast.literal_eval(line)
                if index is not None:
                    entry.msgstr_plural[index] += value
                else:
                    setattr(entry, name, (getattr(entry, name) or "") + value)
                continue
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest.strip())
            plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if plural:
                index = int(plural.group(1))
                entry.msgstr_plural[index] = value
                target = ("msgstr_plural", index)
            elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
                setattr(entry, keyword, value)
                target = (keyword, None)
            else:
                raise AssertionError(f"{path}:{number}: unknown keyword {keyword!r}")
        entries.append(entry)
    return entries


PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdifr]|%[sdif]|\{[0-9A-Za-z_]*\}")


def _catalogue() -> tuple[Entry, list[Entry]]:
    assert PO_PATH.exists(), f"{PO_PATH} is missing: run manage.py makemessages -l zh_Hans"
    entries = parse_po(PO_PATH)
    assert entries and entries[0].msgid == "", "the catalogue has no header"
    return entries[0], entries[1:]


def test_po_parser_reads_contexts_plurals_and_continuations(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid ""\n"Hello %(n)s "\n"world"\nmsgstr "你好%(n)s世界"\n\n'
        'msgctxt "state"\nmsgid "Open"\nmsgstr "公示中"\n\n'
        '#, fuzzy\nmsgid "One"\nmsgid_plural "Many"\nmsgstr[0] ""\n\n'
        '#~ msgid "Old"\n#~ msgstr "旧"\n',
        encoding="utf-8",
    )
    header, first, second, third = parse_po(po)
    assert header.msgstr == "Language: zh_Hans\n"
    assert (first.msgid, first.msgstr, first.flags) == (
        "Hello %(n)s world",
        "你好%(n)s世界",
        {"python-format"},
    )
    assert (second.msgctxt, second.msgid, second.msgstr) == ("state", "Open", "公示中")
    assert (third.msgid_plural, third.msgstr_plural, third.flags) == ("Many", {0: ""}, {"fuzzy"})


def test_catalogue_header_is_simplified_chinese_with_one_plural_form() -> None:
    header, _ = _catalogue()
    fields = dict(line.split(": ", 1) for line in header.msgstr.splitlines() if ": " in line)
    assert fields.get("Language") == "zh_Hans"
    assert "charset=UTF-8" in fields.get("Content-Type", "")
    assert fields.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    assert "fuzzy" not in header.flags, "the header is marked fuzzy: Django would ignore it"


def test_every_entry_is_translated_and_none_is_fuzzy() -> None:
    _, entries = _catalogue()
    untranslated = [e.label for e in entries if not all(t.strip() for t in e.translations())]
    fuzzy = [e.label for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated entries:\n" + "\n".join(
        untranslated
    )
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries (Django ignores them):\n" + "\n".join(fuzzy)


def test_translations_keep_every_placeholder() -> None:
    _, entries = _catalogue()
    broken = []
    for e in entries:
        sources = [e.msgid] + ([e.msgid_plural] if e.msgid_plural else [])
        for translation in e.translations():
            for source in sources:
                if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                    broken.append(f"{e.label} -> {translation!r}")
    assert not broken, "placeholders differ:\n" + "\n".join(broken)


def test_compiled_catalogue_matches_the_po_file() -> None:
    assert MO_PATH.exists(), f"{MO_PATH} is missing: run manage.py compilemessages"
    with MO_PATH.open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    _, entries = _catalogue()
    stale = []
    for e in entries:
        if e.msgid_plural is not None:
            got = compiled.ngettext(e.msgid, e.msgid_plural, 1)
        elif e.msgctxt is not None:
            got = compiled.pgettext(e.msgctxt, e.msgid)
        else:
            got = compiled.gettext(e.msgid)
        if got != e.translations()[0]:
            stale.append(e.label)
    assert not stale, (
        f"django.mo is older than django.po for {len(stale)} entries: run "
        "manage.py compilemessages --ignore=.venv --ignore=node_modules\n" + "\n".join(stale[:20])
    )


def _copy_source_tree(destination: Path) -> None:
    skip = {".git", ".venv", "node_modules", "var", "tests", "__pycache__", "static", "media"}
    for item in BASE_DIR.iterdir():
        if item.name in skip or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(
                item, destination / item.name, ignore=shutil.ignore_patterns(*skip, "*.pyc")
            )
        else:
            shutil.copy2(item, destination / item.name)


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge")),
    reason="needs GNU gettext (xgettext, msgmerge): apt-get install gettext",
)
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    """makemessages on a copy of the tree: a new msgid without a translation fails here."""
    _copy_source_tree(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--ignore=.venv",
            "--ignore=node_modules",
            "--ignore=var",
            "--ignore=tests",
            "--no-obsolete",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    entries = parse_po(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")[1:]
    missing = [
        e.label.split(": ", 1)[1]
        for e in entries
        if "fuzzy" in e.flags or not all(t.strip() for t in e.translations())
    ]
    assert not missing, (
        f"{len(missing)} strings in the code have no Chinese translation. Run manage.py "
        "makemessages -l zh_Hans --ignore=.venv --ignore=node_modules --ignore=var "
        "--ignore=tests --no-obsolete, translate them in locale/zh_Hans/LC_MESSAGES/django.po "
        "and compilemessages:\n" + "\n".join(missing)
    )


@pytest.mark.django_db
def test_home_page_is_chinese_by_default(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert response.status_code == 200
    assert "赣州市质量奖评审工作平台" in body  # settings.PORTAL_NAME
    assert "Ganzhou Quality Award Portal" not in body


@pytest.mark.django_db
def test_switching_to_english_renders_english(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="en"' in body
    assert "Ganzhou Quality Award Portal" in body  # settings.PORTAL_NAME_EN
    assert "赣州市质量奖评审工作平台" not in body.split("<main", 1)[0]

    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}, follow=True)
    assert "赣州市质量奖评审工作平台" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cookie", "language", "marker"),
    [
        ("en", "en", "Ganzhou Quality Award Portal"),
        ("EN", "en", "Ganzhou Quality Award Portal"),
        ("en-GB", "en", "Ganzhou Quality Award Portal"),
        ("zh-Hans", "zh-hans", "赣州市质量奖评审工作平台"),
        ("xx", "zh-hans", "赣州市质量奖评审工作平台"),
        ("", "zh-hans", "赣州市质量奖评审工作平台"),
        ("en;q=1", "zh-hans", "赣州市质量奖评审工作平台"),
        ("a" * 5000, "zh-hans", "赣州市质量奖评审工作平台"),
    ],
)
def test_the_language_cookie_chooses_and_anything_else_is_chinese(  # type: ignore[no-untyped-def]
    client, cookie, language, marker
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert marker in response.content.decode()
